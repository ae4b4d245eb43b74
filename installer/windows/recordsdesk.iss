; Inno Setup 6 script: a per-machine installer of the PyInstaller bundle (dist\recordsdesk).
; Written for Windows 10/11 x64 and NOT built or tested by this project's CI (Linux only):
; see installer/README.md for what has and has not been tried.
;
; Build (on Windows, after installer\windows\build.ps1 made dist\recordsdesk):
;   iscc /DAppVersion=0.1.0 installer\windows\recordsdesk.iss
; Silent install, for a desktop team's deployment tool (SCCM/Intune/PDQ):
;   RecordsDesk-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LOG="C:\Windows\Temp\recordsdesk-install.log"
;   optional: /DIR="D:\Apps\RecordsDesk"  /TASKS="desktopicon"
; Silent uninstall (keeps every user's records, see [UninstallDelete] below):
;   "C:\Program Files\RecordsDesk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Bundle "..\out\dist\recordsdesk"

[Setup]
AppId={{6D3B7C1E-52A4-4C1B-9E0A-3F1D2B7A9C41}
AppName=RecordsDesk
AppVersion={#AppVersion}
AppPublisher=RecordsDesk
DefaultDirName={autopf}\RecordsDesk
DefaultGroupName=RecordsDesk
; Per machine: Program Files, shortcuts for all users, needs administrator rights.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\out
OutputBaseFilename=RecordsDesk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\recordsdesk.ico
UninstallDisplayIcon={app}\RecordsDesk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; `recordsdesk` (the console program) on the machine's PATH for scripts and the Task Scheduler.
ChangesEnvironment=yes
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "A desktop shortcut"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\RecordsDesk"; Filename: "{app}\RecordsDesk.exe"
Name: "{autodesktop}\RecordsDesk"; Filename: "{app}\RecordsDesk.exe"; Tasks: desktopicon

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
  ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; \
  Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\RecordsDesk.exe"; Description: "Open RecordsDesk"; Flags: nowait postinstall skipifsilent

; The uninstaller removes only what it installed. The records (each user's
; %LOCALAPPDATA%\RecordsDesk\recordsdesk.sqlite3, the workstation's database choice in
; %LOCALAPPDATA%\RecordsDesk\database.url, backups wherever they were written) are never
; listed here, so they stay; a reinstall finds them again.
[UninstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Current: string;
begin
  if not RegQueryStringValue(HKLM, 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'Path', Current) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Current) + ';') = 0;
end;

procedure RemoveFromPath(Dir: string);
var
  Current, Needle: string;
  P: Integer;
begin
  if not RegQueryStringValue(HKLM, 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'Path', Current) then
    exit;
  Needle := ';' + Dir;
  P := Pos(Uppercase(Needle), Uppercase(Current));
  if P > 0 then
  begin
    Delete(Current, P, Length(Needle));
    RegWriteExpandStringValue(HKLM, 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'Path', Current);
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
end;
