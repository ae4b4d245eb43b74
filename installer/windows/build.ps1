# Builds RecordsDesk for Windows: the PyInstaller bundle, then the Inno Setup installer.
# NOT run by this project's CI (Linux only); written to the same steps as installer/build.sh.
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# Needs: Python 3.11 x64 (py launcher), Inno Setup 6 (iscc on PATH or in its default folder).
# Output: installer\out\dist\recordsdesk\ and installer\out\RecordsDesk-VERSION-setup.exe
$ErrorActionPreference = "Stop"
$root = Resolve-Path "$PSScriptRoot\..\.."
$out = "$root\installer\out"
$venv = "$out\venv-windows"
Set-Location $root

Write-Host "build: making the build environment"
py -3.11 -m venv $venv
# Python's own pip, no unpinned upgrade. The lock holds each package's Windows x64 wheel hash
# beside the Linux one (and PyInstaller's and psycopg's Windows-only dependencies): every file
# pip installs is checked against it.
& "$venv\Scripts\python.exe" -m pip install -q --require-hashes -r installer\requirements.lock
if ($LASTEXITCODE -ne 0) { throw "pip install of the lock file failed" }
& "$venv\Scripts\python.exe" -m pip install -q --no-deps --force-reinstall .
$version = & "$venv\Scripts\python.exe" -c "import recordsdesk; print(recordsdesk.__version__)"

Write-Host "build: freezing with PyInstaller (one folder)"
& "$venv\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN `
  --distpath "$out\dist" --workpath "$out\work" installer\recordsdesk.spec

Write-Host "build: checking the frozen program"
$said = & "$out\dist\recordsdesk\recordsdesk.exe" --version
if ($said -ne "recordsdesk $version") { throw "the frozen program said '$said'" }

Write-Host "build: the installer (Inno Setup)"
$iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" installer\windows\recordsdesk.iss
Write-Host "build: installer\out\RecordsDesk-$version-setup.exe"
