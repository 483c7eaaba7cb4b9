# Turns GPSVC debug logging on or off. Fixed script shipped with the extension: it takes no
# input but -Mode, so nothing from a workspace reaches the elevated process.
param([Parameter(Mandatory = $true)][ValidateSet('On', 'Off', 'Query')][string]$Mode)
$ErrorActionPreference = 'Stop'
$key = 'HKLM:\Software\Microsoft\Windows NT\CurrentVersion\Diagnostics'
switch ($Mode) {
  'On' {
    if (-not (Test-Path $key)) { New-Item -Path $key -Force | Out-Null }
    New-ItemProperty -Path $key -Name GPSvcDebugLevel -PropertyType DWord -Value 0x30002 -Force | Out-Null
    $dir = Join-Path $env:windir 'debug\usermode'
    if (-not (Test-Path $dir)) { New-Item -ItemType Directory -Path $dir | Out-Null }
    'GPSvcDebugLevel=0x30002'
  }
  'Off' {
    if (Test-Path $key) { New-ItemProperty -Path $key -Name GPSvcDebugLevel -PropertyType DWord -Value 0 -Force | Out-Null }
    'GPSvcDebugLevel=0'
  }
  'Query' {
    $v = (Get-ItemProperty -Path $key -Name GPSvcDebugLevel -ErrorAction SilentlyContinue).GPSvcDebugLevel
    "GPSvcDebugLevel=$('0x{0:x}' -f [int]$v)"
  }
}
