# Runs elevated (one UAC prompt) and writes the outputs Token & Ticket Inspector needs into
# -OutFile, a file the extension created in its private temp directory. Fixed commands only:
# nothing from a workspace reaches this script except the output path the extension made.
param([Parameter(Mandatory = $true)][string]$OutFile)
$ErrorActionPreference = 'Continue'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$sys = Join-Path $env:SystemRoot 'System32'
$klist = Join-Path $sys 'klist.exe'
$whoami = Join-Path $sys 'whoami.exe'
$parts = New-Object System.Collections.Generic.List[string]
function Add-Section([string]$marker, [scriptblock]$run) {
  $parts.Add("### tti:$marker")
  $parts.Add((& $run 2>&1 | Out-String))
}
Add-Section 'whoami' { & $whoami /all }
Add-Section 'klist:current' { & $klist }
Add-Section 'klist:0x3e7' { & $klist -li 0x3e7 }
Add-Section 'klist:0x3e4' { & $klist -li 0x3e4 }
Add-Section 'klist-sessions' { & $klist sessions }
[System.IO.File]::WriteAllText($OutFile, ($parts -join "`r`n"), (New-Object System.Text.UTF8Encoding $false))
