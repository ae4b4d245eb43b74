#!/usr/bin/env bash
# Starts CUPS and makes the two test print queues; installs nothing (scripts/setup.sh --tests does).
#   RECORDSDESK_TEST  a file queue that keeps each PDF exactly as sent, in $RECORDSDESK_CUPS_OUT
#   RECORDSDESK_PDF   a cups-pdf queue (Ghostscript rewrites the PDF), output in cups-pdf's Out folder
# Idempotent: a second run changes nothing. Run as root on Debian 12.
set -euo pipefail

out_dir=${RECORDSDESK_CUPS_OUT:-/var/tmp/recordsdesk-cups}
file_queue=RECORDSDESK_TEST
pdf_queue=RECORDSDESK_PDF
files_conf=/etc/cups/cups-files.conf

for tool in cupsd lpadmin lpstat cupsenable cupsaccept; do
  if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
    echo "start-cups: $tool is missing; run scripts/setup.sh --tests (packages cups cups-client cups-bsd printer-driver-cups-pdf)" >&2
    exit 1
  fi
done
export PATH="$PATH:/usr/sbin"

scheduler_running() { LC_ALL=C lpstat -r 2>/dev/null | grep -q "scheduler is running"; }

wait_for_scheduler() {
  for _ in $(seq 1 50); do
    scheduler_running && return 0
    sleep 0.1
  done
  echo "start-cups: cupsd did not start; see /var/log/cups/error_log" >&2
  exit 1
}

# A file: device URI is refused unless FileDevice is on, and cupsd reads this only at start.
restart=0
if ! grep -qE '^\s*FileDevice\s+Yes' "$files_conf"; then
  echo "FileDevice Yes" >> "$files_conf"
  restart=1
fi

if scheduler_running && [ "$restart" = 1 ]; then
  pid=$(pgrep -x cupsd | head -n1 || true)
  if [ -n "$pid" ]; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
fi
if ! scheduler_running; then
  /usr/sbin/cupsd
  wait_for_scheduler
fi

# cupsd writes file: output as the lp user.
mkdir -p "$out_dir"
chown lp:lp "$out_dir"
chmod 0775 "$out_dir"

ppd_generic=lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd
if ! lpstat -v "$file_queue" >/dev/null 2>&1; then
  lpadmin -p "$file_queue" -E -v "file://$out_dir/out.pdf" -m "$ppd_generic" -o PageSize=Letter
fi
if ! lpstat -v "$pdf_queue" >/dev/null 2>&1; then
  lpadmin -p "$pdf_queue" -E -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd -o PageSize=Letter
fi
for queue in "$file_queue" "$pdf_queue"; do
  cupsenable "$queue"
  cupsaccept "$queue"
done

echo "$file_queue"
echo "$pdf_queue"
