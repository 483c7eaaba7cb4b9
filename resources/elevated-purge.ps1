# Runs elevated (one UAC prompt) and purges the Kerberos tickets of one logon session, writing
# klist's exit code and output into -OutFile, a file the extension created in its private temp
# directory. -Target is one of three fixed values: 'current' is this elevated process's own logon
# session (the elevated half of a split token has its own ticket cache), the others are SYSTEM
# and NETWORK SERVICE.
param(
  [Parameter(Mandatory = $true)][ValidateSet('current', '0x3e7', '0x3e4')][string]$Target,
  [Parameter(Mandatory = $true)][string]$OutFile
)
$ErrorActionPreference = 'Continue'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$klist = Join-Path (Join-Path $env:SystemRoot 'System32') 'klist.exe'
if ($Target -eq 'current') {
  $out = & $klist purge 2>&1 | Out-String
} else {
  $out = & $klist -li $Target purge 2>&1 | Out-String
}
$code = $LASTEXITCODE
[System.IO.File]::WriteAllText($OutFile, "### tti:exit $code`r`n$out", (New-Object System.Text.UTF8Encoding $false))
