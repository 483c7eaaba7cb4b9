/** Every id the manifest and the code share: commands, views, context keys, settings. */

export const enum Commands {
  Refresh = 'tti.refresh',
  ImportEvidence = 'tti.evidence.import',
  RemoveEvidence = 'tti.evidence.remove',
  ReadElevated = 'tti.sessions.readElevated',
  CopySid = 'tti.copy.sid',
  CopyName = 'tti.copy.name',
  CopyMarkdown = 'tti.copy.markdown',
  CopyCsv = 'tti.copy.csv',
  PurgeTickets = 'tti.kerberos.purge',
  RenewTgt = 'tti.kerberos.renew',
  GetTicket = 'tti.kerberos.getTicket',
  GpUpdate = 'tti.gpupdate',
  GpsvcOpen = 'tti.gpsvc.open',
  GpsvcSummarize = 'tti.gpsvc.summarize',
  GpsvcEnableLogging = 'tti.gpsvc.enableLogging',
  GpsvcDisableLogging = 'tti.gpsvc.disableLogging',
  Diagnose = 'tti.diagnose',
  ShowLog = 'tti.showLog',
}

export const enum Views {
  Container = 'tti',
  Groups = 'tti.groups',
  Kerberos = 'tti.kerberos',
  Sessions = 'tti.sessions',
}

/** contextValue vocabulary, matched with `viewItem =~ /.../` in package.json. */
export const enum ContextValues {
  SourceMachine = 'tti:source:machine',
  SourceEvidence = 'tti:source:evidence',
  Session = 'tti:session',
  Group = 'tti:group',
  Cache = 'tti:cache',
  Ticket = 'tti:ticket',
  Problem = 'tti:problem',
  LogonSession = 'tti:logonSession',
  Info = 'tti:info',
}

/** Context keys that drive viewsWelcome and menus. */
export const enum ContextKeys {
  /** 'loading' | 'ready' | 'empty' | 'error' */
  GroupsState = 'tti.groups.state',
  /** 'loading' | 'ready' | 'noTickets' | 'toolMissing' | 'toolShadowed' | 'accessDenied' | 'noTgtNetworkLogon' */
  KerberosState = 'tti.kerberos.state',
  SessionsState = 'tti.sessions.state',
  Platform = 'tti.platform',
  CanElevate = 'tti.canElevate',
}

export const enum Settings {
  Section = 'tti',
  KlistPath = 'tools.klistPath',
  WhoamiPath = 'tools.whoamiPath',
  GpupdatePath = 'tools.gpupdatePath',
  OnFocusInterval = 'refresh.onFocusInterval',
  DateOrder = 'dateOrder',
  OemCodePage = 'oemCodePage',
  GpsvcLargeFileThresholdMB = 'gpsvc.largeFileThresholdMB',
  LdapUri = 'directory.ldapUri',
  LdapBaseDn = 'directory.ldapBaseDn',
}
