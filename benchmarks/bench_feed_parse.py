"""Benchmark: generate a night's worth of SIU messages (50,000) and time parsing them."""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from recordsdesk.feeds import read_schedule

TRIGGERS = ["S12"] * 14 + ["S13", "S14", "S14", "S15", "S17", "S26"]
# The demographic tail of a full-featured v2.8 feed (the FHIR-Converter samples): addresses,
# phones, languages, dates with offsets... python-hl7 builds every part of it.
FULL_PID_TAIL = (
    "|SMITH^Angela^L|198808181126+0215|M|elbert^Son|2106-3^White^HL70005~2028-9^Asian^HL70005"
    "|1000&Hospital Lane^Ste. 123^Ann Arbor ^MI^99999^USA^M^^&W^^^20000110&20000120|GL"
    "|78788788^^CP^5555^^^1111^^^^^2222^20010110^20020110^^^^18~12121212^^CP|7777^^CP~1111^^TDD"
    "|ara^^HL70296^eng^English-us^HL70296^v2^v2.1^TextInEnglish|M^Married|AME"
    "|4000776^^^AccMgr&1.3.6.1.4.1.44750.1.2.2&ISO^VN^1^19241011^19241012|PSSN123121234"
    "|DLN-123^US^20010123|1212121^^^NTH&rt23&HCD^AND^^19241011^19241012"
    "|N^NOT HISPANIC OR LATINO^HL70189|St. Francis Community Hospital|N|2"
    "|US^United States of America^ISO3166_1|||20080825111630+0115|Y|||20050110015014+0315"
)
FULL_EXTRA_SEGMENTS = ["NTE|1||Fasting from midnight", "OBX|1|NM|8867-4^Heart rate^LN||72"]
CLINICS = ["CARD^Room 4^^Main Hospital", "RNJ Renal OPD^^^RNJ ROYALLONDON", "2^Brockton", "ENT"]


def siu_message(number: int, rng: random.Random, full: bool = False) -> str:
    """One SIU message shaped like a busy hospital's feed (TQ1 and AIL times, AIP clinician)."""
    start = datetime(2025, 3, 10, 7) + timedelta(minutes=5 * rng.randrange(12 * 12))
    stamp = start.strftime("%Y%m%d%H%M%S")
    trigger = rng.choice(TRIGGERS)
    mrn = f"{rng.randrange(1, 1_000_000):08d}"
    return "\r".join(
        [
            f"MSH|^~\\&|SCHED|HOSP|RD|FILEROOM|20250309200000||SIU^{trigger}^SIU_S12|M{number}|P|2.5",
            f"SCH|{number}|F{number}||||ROUTINE|CONSULT^Consultation|NORMAL|30|MIN"
            f"|^^30^{stamp}^{stamp}|||||||||||||||Booked",
            f"TQ1|||||||{stamp}+0000",
            f"PID|1||{mrn}^^^HOSP^MR~999{number}^^^SSA^SS||PATIENT{number}^TEST^Q||19700101|F"
            + (FULL_PID_TAIL if full else ""),
            "PV1|1|O|CARD^^^Main Hospital||||9^ATTEND^ANNE",
            "RGS|1",
            f"AIS|1||CONSULT^Consultation|{stamp}",
            f"AIL|1||{rng.choice(CLINICS)}|||{stamp}",
            "AIP|1||77^HOUSE^GREGORY^M|D^Doctor",
            *(
                ["NTE|1||Fasting from midnight", "OBX|1|NM|8867-4^Heart rate^LN||72"]
                if full
                else []
            ),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=20250310)
    parser.add_argument("--framing", choices=["cr", "lf", "mllp"], default="mllp")
    parser.add_argument(
        "--full", action="store_true", help="messages with a full v2.8 PID, NTE and OBX segments"
    )
    args = parser.parse_args()

    rng = random.Random(args.seed)
    messages = [siu_message(n, rng, args.full) for n in range(1, args.messages + 1)]
    if args.framing == "mllp":
        feed = "".join(f"\x0b{m}\r\x1c\r" for m in messages)
    elif args.framing == "lf":
        feed = "\n".join(m.replace("\r", "\n") for m in messages) + "\n"
    else:
        feed = "\r".join(messages) + "\r"

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schedule.hl7"
        path.write_text(feed, newline="")
        load = os.getloadavg()[0]
        began, cpu = time.perf_counter(), time.process_time()
        parsed = read_schedule(path)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu

    size = len(feed.encode()) / 1_000_000
    shape = "full v2.8" if args.full else "lean"
    print(f"file: {args.messages} {shape} SIU messages, {size:.1f} MB, {args.framing} framing")
    print(f"events: {len(parsed.events)}, problems: {len(parsed.problems)}")
    print(
        f"parse: {seconds:.2f} s wall, {cpu:.2f} s CPU, {args.messages / seconds:,.0f} "
        f"messages/second; load average {load:.1f} on {os.cpu_count()} cores"
    )
    if len(parsed.events) != args.messages:
        raise SystemExit("not every message became an event")


if __name__ == "__main__":
    main()
