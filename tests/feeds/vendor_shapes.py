"""SIU messages in the shapes real senders use, written from the HL7 v2 standard (chapter 10)
and the shapes of vendors' published interface specifications. Test patients only."""

from __future__ import annotations


def perioperative_case(
    case: str,
    mrn: str,
    room: str,
    start: str,
    *,
    trigger: str = "S12",
    sent: str = "20260301080000",
) -> bytes:
    """A perioperative scheduler: the same placer id (SCH-1 'ORSCHED') on every case, the case
    number in SCH-2, the theatre in AIL-3.2 with AIL-3.1 empty, the hospital in AIL-3.4."""
    return _join(
        f"MSH|^~\\&|PERIOP|GENHOSP|RD|FILEROOM|{sent}||SIU^{trigger}^SIU_S12|{case}{trigger}|P|2.5",
        _sch("ORSCHED", f"{case}^PERIOP", reason="SURG^Surgery", start=start, status="Booked"),
        f"PID|1||{mrn}^^^GENHOSP^MR||CASE^PATIENT||19600101|F",
        "RGS|1",
        f"AIS|1||LAPCHOL^Laparoscopic cholecystectomy|{start}",
        f"AIL|1||^{room}^^GENHOSP|||{start}",
    )


def ambulatory(
    filler: str,
    mrn: str,
    start: str,
    *,
    trigger: str = "S12",
    status: str = "Booked",
    sent: str = "20260301080000",
    pid3: str = "",
    sch11: str = "",
) -> bytes:
    """An ambulatory EHR's outbound SIU (v2.3): placer and filler ids, SCH-11.4 and AIL-6,
    several PID-3 identifiers (the MRN typed MR by its hospital among others)."""
    pid3 = pid3 or f"{mrn}^^^GENHOSP^MR~998877^^^BCBS^MB~123-45-6789^^^SSA^SS"
    return _join(
        f"MSH|^~\\&|AMBEHR|NORTHCLINIC|RD|FILEROOM|{sent}||SIU^{trigger}|A{filler}{sent}|P|2.3",
        _sch(f"P{filler}", filler, reason="FU^Follow up", start=sch11 or start, status=status),
        f"PID|1||{pid3}||AMBULANT^ALICE||19750505|F",
        "PV1|1|O|CARDN^^^NORTHCLINIC",
        "RGS|1",
        f"AIL|1||CARDN^^^NORTHCLINIC^^^^^Cardiology Clinic North|||{start}",
    )


def athena_cancel(appointment: str, mrn: str, sent: str) -> bytes:
    """An athena-style practice feed's S15: SCH-1 only, status in SCH-25, no times."""
    return _join(
        f"MSH|^~\\&|ATHENA|PRACTICE1|RD|FILEROOM|{sent}||SIU^S15|C{appointment}|P|2.3.1",
        _sch(appointment, "", status="Cancelled"),
        f"PID|1||{mrn}^^^PRACTICE1^MR||ATHENA^ANN||19800101|F",
    )


def athena_booking(appointment: str, mrn: str, start: str, sent: str) -> bytes:
    """The same practice feed's S12."""
    return _join(
        f"MSH|^~\\&|ATHENA|PRACTICE1|RD|FILEROOM|{sent}||SIU^S12|B{appointment}|P|2.3.1",
        _sch(appointment, "", start=start, status="Booked"),
        f"PID|1||{mrn}^^^PRACTICE1^MR||ATHENA^ANN||19800101|F",
        "AIL|1||FAMMED^^^PRACTICE1",
    )


def epic_or(
    case: str,
    mrn: str,
    start: str,
    *,
    status: str = "Scheduled",
    trigger: str = "S14",
    sent: str = "20260301080000",
) -> bytes:
    """An Epic OR message (v2.5.1): TQ1-7 start, SCH-25 status, the theatre in AIL-3.1."""
    return _join(
        f"MSH|^~\\&|EPIC|EPICHOSP|RD|FILEROOM|{sent}||SIU^{trigger}^SIU_S12|E{case}|P|2.5.1",
        _sch(f"{case}^EPICOR", f"{case}^EPICOR", status=status),
        f"TQ1|1||||||{start}",
        f"PID|1||E{mrn}^^^EPI^MR~{mrn}^^^EPICHOSP^MR||OPERATED^OLIVER||19550505|M",
        "RGS|1",
        "AIL|1||OR5^^^EPICHOSP",
    )


def european(appointment: str, mrn: str, start: str, name: str) -> bytes:
    """A European scheduler: MSH-18 8859/1, times with UTC offsets, a clinic name with accents."""
    text = "\r".join(
        [
            "MSH|^~\\&|EUROSCHED|KLINIKUM|RD|FILEROOM|20260301080000+0100||SIU^S12|"
            f"EU{appointment}|P|2.5|||||DEU|8859/1",
            _sch("", appointment, start=f"{start}+0100", status="Booked"),
            f"TQ1|1||||||{start}+0100",
            f"PID|1||{mrn}^^^KLINIKUM^MR||{name}||19700101|F",
            "AIL|1||KARD^^^KLINIKUM^^^^^Kardiologie Ambulanz Süd",
        ]
    )
    return (text + "\r").encode("latin-1")


def dxcare(appointment: str, ipp: str, start: str) -> bytes:
    """A French DxCare-shaped feed: only PI identifiers (the IPP), 8859/1, accents in names."""
    text = "\r".join(
        [
            "MSH|^~\\&|DXCARE|CHU|RD|FILEROOM|20260301080000||SIU^S12^SIU_S12|"
            f"FR{appointment}|P|2.5|||||FRA|8859/1",
            _sch("", f"{appointment}^DXCARE", start=start, status="Booked"),
            f"TQ1|1||||||{start}",
            f"PID|1||{ipp}^^^CHU&1.2.250.1.71.4.2.1&ISO^PI||HÉLÈNE^Françoise||19650202|F",
            "PV1|1|O|CARDIO^^^CHU^^^^^Consultation de cardiologie",
            "AIL|1||CARDIO^^^CHU^^^^^Consultation de cardiologie",
        ]
    )
    return (text + "\r").encode("latin-1")


def theatre_booking(
    placer: str,
    filler: str,
    mrn: str,
    start: str,
    *,
    trigger: str = "S12",
    sent: str = "20260301080000",
    sender: str = "ORMIS|GENHOSP",
) -> bytes:
    """A theatre scheduler keyed on SCH-1: the case is booked with its placer id (SCH-1, the
    requesting system's) alone, and the filler id (SCH-2) joins it once the theatre list is
    made. SIU S12-S17 as the standard has them (v2.5): SCH-1 and SCH-2 as EI with namespace,
    SCH-25 the filler status, TQ1-7 the start, AIL-3 the theatre. An empty id is left out."""
    status = {"S15": "Cancelled", "S17": "Deleted"}.get(trigger, "Booked")
    return _join(
        f"MSH|^~\\&|{sender}|RD|FILEROOM|{sent}||SIU^{trigger}^SIU_S12|T{placer}{filler}{sent}"
        "|P|2.5",
        _sch(
            f"{placer}^ORDERS" if placer else "", f"{filler}^ORMIS" if filler else "", status=status
        ),
        *([f"TQ1|1||||||{start}"] if start else []),
        f"PID|1||{mrn}^^^GENHOSP^MR||THEATRE^THEO||19610101|M",
        "RGS|1",
        "AIL|1||THR3^^^GENHOSP",
    )


def _sch(placer: str, filler: str, *, reason: str = "", start: str = "", status: str = "") -> str:
    """An SCH segment: SCH-1 placer id, SCH-2 filler id, SCH-7 reason, SCH-11.4 start,
    SCH-25 filler status."""
    fields = [""] * 26
    fields[0], fields[1], fields[2], fields[7] = "SCH", placer, filler, reason
    fields[11] = f"^^^{start}" if start else ""
    fields[25] = status
    return "|".join(fields).rstrip("|")


def _join(*segments: str) -> bytes:
    return ("\r".join(segments) + "\r").encode()
