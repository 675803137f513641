// Generated from the Rust command list (src/api/mod.rs) by ts-rs. Do not edit.
// Regenerate: SPHERE_BLESS=1 cargo test -p sphere --test core bindings

import type { AbbreviatedOrg } from "./AbbreviatedOrg";
import type { AccountDetail } from "./AccountDetail";
import type { AccountPerson } from "./AccountPerson";
import type { AccountRequest } from "./AccountRequest";
import type { AccountRole } from "./AccountRole";
import type { AccountRow } from "./AccountRow";
import type { Action } from "./Action";
import type { ApiError } from "./ApiError";
import type { AppInfo } from "./AppInfo";
import type { Ask } from "./Ask";
import type { AskConnect } from "./AskConnect";
import type { AskConnector } from "./AskConnector";
import type { AskEdit } from "./AskEdit";
import type { AskEvent } from "./AskEvent";
import type { AskInput } from "./AskInput";
import type { AskMode } from "./AskMode";
import type { AskMove } from "./AskMove";
import type { AskPage } from "./AskPage";
import type { AskQuery } from "./AskQuery";
import type { AskStats } from "./AskStats";
import type { Backup } from "./Backup";
import type { BackupFile } from "./BackupFile";
import type { BackupPhoto } from "./BackupPhoto";
import type { BackupTable } from "./BackupTable";
import type { BackupTie } from "./BackupTie";
import type { Band } from "./Band";
import type { Cadence } from "./Cadence";
import type { CadenceList } from "./CadenceList";
import type { CadenceQuery } from "./CadenceQuery";
import type { CadenceRules } from "./CadenceRules";
import type { CadenceSet } from "./CadenceSet";
import type { CadenceSource } from "./CadenceSource";
import type { CalendarImportRequest } from "./CalendarImportRequest";
import type { CalendarResult } from "./CalendarResult";
import type { CalendarSummary } from "./CalendarSummary";
import type { CaptureResult } from "./CaptureResult";
import type { CaptureSource } from "./CaptureSource";
import type { Category } from "./Category";
import type { Chip } from "./Chip";
import type { Classification } from "./Classification";
import type { ClassifyRequest } from "./ClassifyRequest";
import type { Concentration } from "./Concentration";
import type { ConnectorRate } from "./ConnectorRate";
import type { ConnectorStatus } from "./ConnectorStatus";
import type { Counts } from "./Counts";
import type { CoverageCell } from "./CoverageCell";
import type { CoverageFile } from "./CoverageFile";
import type { CoverageQuery } from "./CoverageQuery";
import type { CoverageReport } from "./CoverageReport";
import type { CoveredBy } from "./CoveredBy";
import type { DeclineReason } from "./DeclineReason";
import type { DemoRequest } from "./DemoRequest";
import type { DemoSummary } from "./DemoSummary";
import type { DetailRequest } from "./DetailRequest";
import type { Direction } from "./Direction";
import type { DismissInput } from "./DismissInput";
import type { DismissReason } from "./DismissReason";
import type { Dismissal } from "./Dismissal";
import type { DuplicateProposal } from "./DuplicateProposal";
import type { Empty } from "./Empty";
import type { Entity } from "./Entity";
import type { ErrorKind } from "./ErrorKind";
import type { ExportFile } from "./ExportFile";
import type { ExportFormat } from "./ExportFormat";
import type { ExportQuery } from "./ExportQuery";
import type { ExportedFact } from "./ExportedFact";
import type { ExportedPerson } from "./ExportedPerson";
import type { Fact } from "./Fact";
import type { FactInput } from "./FactInput";
import type { FactList } from "./FactList";
import type { FactQuery } from "./FactQuery";
import type { FactUpdate } from "./FactUpdate";
import type { FactView } from "./FactView";
import type { Format } from "./Format";
import type { FunnelStage } from "./FunnelStage";
import type { HealthPoint } from "./HealthPoint";
import type { HealthState } from "./HealthState";
import type { Hop } from "./Hop";
import type { IdRequest } from "./IdRequest";
import type { IgnoredCount } from "./IgnoredCount";
import type { ImportFileRequest } from "./ImportFileRequest";
import type { ImportLogRequest } from "./ImportLogRequest";
import type { ImportPreview } from "./ImportPreview";
import type { ImportResult } from "./ImportResult";
import type { ImportSummary } from "./ImportSummary";
import type { Interaction } from "./Interaction";
import type { InteractionInput } from "./InteractionInput";
import type { InteractionKind } from "./InteractionKind";
import type { InteractionPage } from "./InteractionPage";
import type { InteractionQuery } from "./InteractionQuery";
import type { InteractionView } from "./InteractionView";
import type { InteractionWeight } from "./InteractionWeight";
import type { IntroAnswer } from "./IntroAnswer";
import type { IntroDraft } from "./IntroDraft";
import type { IntroNotes } from "./IntroNotes";
import type { IntroStart } from "./IntroStart";
import type { IntroSuggestion } from "./IntroSuggestion";
import type { Invite } from "./Invite";
import type { InviteRequest } from "./InviteRequest";
import type { JobFunction } from "./JobFunction";
import type { JobRequest } from "./JobRequest";
import type { JobStatus } from "./JobStatus";
import type { KeepInTouch } from "./KeepInTouch";
import type { KeepInTouchStatus } from "./KeepInTouchStatus";
import type { Ledger } from "./Ledger";
import type { LedgerEntry } from "./LedgerEntry";
import type { LedgerInput } from "./LedgerInput";
import type { LedgerKind } from "./LedgerKind";
import type { LintFix } from "./LintFix";
import type { LintKind } from "./LintKind";
import type { LintRequest } from "./LintRequest";
import type { LintResult } from "./LintResult";
import type { LintWarning } from "./LintWarning";
import type { MailImportRequest } from "./MailImportRequest";
import type { MailSummary } from "./MailSummary";
import type { MemberInfo } from "./MemberInfo";
import type { MergeRequest } from "./MergeRequest";
import type { MergeResult } from "./MergeResult";
import type { NeedKind } from "./NeedKind";
import type { NeedOffer } from "./NeedOffer";
import type { NeedOfferInput } from "./NeedOfferInput";
import type { NeedOfferUpdate } from "./NeedOfferUpdate";
import type { NeedOffers } from "./NeedOffers";
import type { NeedQuery } from "./NeedQuery";
import type { NetworkHealth } from "./NetworkHealth";
import type { Openness } from "./Openness";
import type { OpennessInput } from "./OpennessInput";
import type { Opportunity } from "./Opportunity";
import type { OptIn } from "./OptIn";
import type { OrgQuery } from "./OrgQuery";
import type { OrgRef } from "./OrgRef";
import type { OrgUpdate } from "./OrgUpdate";
import type { Organization } from "./Organization";
import type { OrganizationAlias } from "./OrganizationAlias";
import type { OrganizationInput } from "./OrganizationInput";
import type { OrganizationSummary } from "./OrganizationSummary";
import type { Outcome } from "./Outcome";
import type { PairRequest } from "./PairRequest";
import type { Passage } from "./Passage";
import type { PathCell } from "./PathCell";
import type { PathPerson } from "./PathPerson";
import type { PathQuery } from "./PathQuery";
import type { PathResult } from "./PathResult";
import type { PauseRequest } from "./PauseRequest";
import type { PeopleExport } from "./PeopleExport";
import type { Person } from "./Person";
import type { PersonDetail } from "./PersonDetail";
import type { PersonInput } from "./PersonInput";
import type { PersonKey } from "./PersonKey";
import type { PersonPage } from "./PersonPage";
import type { PersonQuery } from "./PersonQuery";
import type { PersonRef } from "./PersonRef";
import type { PersonRoles } from "./PersonRoles";
import type { PersonSort } from "./PersonSort";
import type { PersonSummary } from "./PersonSummary";
import type { PersonUpdate } from "./PersonUpdate";
import type { PreviewRow } from "./PreviewRow";
import type { Progress } from "./Progress";
import type { Reached } from "./Reached";
import type { Relationship } from "./Relationship";
import type { RelationshipInput } from "./RelationshipInput";
import type { RequestState } from "./RequestState";
import type { Ring } from "./Ring";
import type { RingCadence } from "./RingCadence";
import type { RingHealth } from "./RingHealth";
import type { RoleCoverage } from "./RoleCoverage";
import type { RoleSetRequest } from "./RoleSetRequest";
import type { RoleState } from "./RoleState";
import type { RoleTemplate } from "./RoleTemplate";
import type { RoleTemplates } from "./RoleTemplates";
import type { ScoreParts } from "./ScoreParts";
import type { Seniority } from "./Seniority";
import type { Sensitivity } from "./Sensitivity";
import type { SettingEntry } from "./SettingEntry";
import type { Settings } from "./Settings";
import type { SettingsInput } from "./SettingsInput";
import type { Severity } from "./Severity";
import type { ShareLevel } from "./ShareLevel";
import type { ShareRequest } from "./ShareRequest";
import type { Side } from "./Side";
import type { Skip } from "./Skip";
import type { SnapshotInfo } from "./SnapshotInfo";
import type { SnapshotKeepRequest } from "./SnapshotKeepRequest";
import type { SnapshotList } from "./SnapshotList";
import type { SnapshotRestoreRequest } from "./SnapshotRestoreRequest";
import type { SnapshotRestored } from "./SnapshotRestored";
import type { SnoozeRequest } from "./SnoozeRequest";
import type { Source } from "./Source";
import type { SourceTarget } from "./SourceTarget";
import type { SourcesQuery } from "./SourcesQuery";
import type { SourcesResult } from "./SourcesResult";
import type { SpherePerson } from "./SpherePerson";
import type { SphereTie } from "./SphereTie";
import type { SphereView } from "./SphereView";
import type { StateTime } from "./StateTime";
import type { StatusCount } from "./StatusCount";
import type { StrengthBand } from "./StrengthBand";
import type { SuggestionPage } from "./SuggestionPage";
import type { SuggestionQuery } from "./SuggestionQuery";
import type { SyncAddRequest } from "./SyncAddRequest";
import type { SyncAdded } from "./SyncAdded";
import type { SyncCommitRequest } from "./SyncCommitRequest";
import type { SyncCommitResult } from "./SyncCommitResult";
import type { SyncKind } from "./SyncKind";
import type { SyncResult } from "./SyncResult";
import type { SyncRunRequest } from "./SyncRunRequest";
import type { SyncSecurity } from "./SyncSecurity";
import type { TagCadence } from "./TagCadence";
import type { TargetAccount } from "./TargetAccount";
import type { TargetImportOutcome } from "./TargetImportOutcome";
import type { TargetImportPreview } from "./TargetImportPreview";
import type { TargetImportRequest } from "./TargetImportRequest";
import type { TargetImportResult } from "./TargetImportResult";
import type { TargetImportRow } from "./TargetImportRow";
import type { TargetInput } from "./TargetInput";
import type { TargetQuery } from "./TargetQuery";
import type { TeamConflict } from "./TeamConflict";
import type { TeamJoinRequest } from "./TeamJoinRequest";
import type { TeamLeaveRequest } from "./TeamLeaveRequest";
import type { TeamMember } from "./TeamMember";
import type { TeamNeverShareRequest } from "./TeamNeverShareRequest";
import type { TeamPath } from "./TeamPath";
import type { TeamPathStep } from "./TeamPathStep";
import type { TeamPaths } from "./TeamPaths";
import type { TeamPathsRequest } from "./TeamPathsRequest";
import type { TeamRefused } from "./TeamRefused";
import type { TeamResolveRequest } from "./TeamResolveRequest";
import type { TeamStatus } from "./TeamStatus";
import type { TeamSyncReport } from "./TeamSyncReport";
import type { TieKind } from "./TieKind";
import type { TieQuery } from "./TieQuery";
import type { TieSummary } from "./TieSummary";
import type { TieUpdate } from "./TieUpdate";
import type { TieView } from "./TieView";
import type { Today } from "./Today";
import type { TodayItem } from "./TodayItem";
import type { TodayKind } from "./TodayKind";
import type { TodayQuery } from "./TodayQuery";
import type { TodaySnooze } from "./TodaySnooze";
import type { TodaySnoozed } from "./TodaySnoozed";
import type { VaultHealth } from "./VaultHealth";
import type { VaultStatus } from "./VaultStatus";
import type { VaultUnlock } from "./VaultUnlock";
import type { Verdict } from "./Verdict";
import type { VerdictCount } from "./VerdictCount";
import type { WarmPath } from "./WarmPath";
import type { WeekPoint } from "./WeekPoint";
import type { WhatIf } from "./WhatIf";
import type { WhatIfChange } from "./WhatIfChange";

/** Every command: its request and response types. */
export type Commands = {
  app_info: { req: Empty; res: AppInfo };
  person_list: { req: PersonQuery; res: PersonPage };
  person_get: { req: DetailRequest; res: PersonDetail };
  person_create: { req: PersonInput; res: Person };
  person_update: { req: PersonUpdate; res: Person };
  person_delete: { req: IdRequest; res: Person };
  org_list: { req: OrgQuery; res: Array<OrganizationSummary> };
  org_get: { req: IdRequest; res: OrganizationSummary };
  org_create: { req: OrganizationInput; res: Organization };
  org_update: { req: OrgUpdate; res: Organization };
  org_delete: { req: IdRequest; res: Organization };
  tie_list: { req: TieQuery; res: Array<TieView> };
  tie_get: { req: DetailRequest; res: TieView };
  tie_create: { req: RelationshipInput; res: Relationship };
  tie_update: { req: TieUpdate; res: Relationship };
  tie_delete: { req: IdRequest; res: Relationship };
  interaction_list: { req: InteractionQuery; res: InteractionPage };
  interaction_log: { req: InteractionInput; res: InteractionView };
  interaction_delete: { req: IdRequest; res: InteractionView };
  demo_load: { req: DemoRequest; res: DemoSummary };
  import_log: { req: ImportLogRequest; res: ImportSummary };
  path_find: { req: PathQuery; res: PathResult };
  sphere_view: { req: Empty; res: SphereView };
  settings_get: { req: Empty; res: Settings };
  settings_update: { req: SettingsInput; res: Settings };
  fact_categories: { req: Empty; res: Array<Category> };
  fact_list: { req: FactQuery; res: FactList };
  fact_create: { req: FactInput; res: FactView };
  fact_update: { req: FactUpdate; res: FactView };
  fact_delete: { req: IdRequest; res: Fact };
  text_classify: { req: ClassifyRequest; res: Classification };
  draft_lint: { req: LintRequest; res: LintResult };
  people_export: { req: ExportQuery; res: PeopleExport };
  import_preview: { req: ImportFileRequest; res: ImportPreview };
  import_commit: { req: ImportFileRequest; res: ImportResult };
  import_progress: { req: JobRequest; res: JobStatus };
  import_cancel: { req: JobRequest; res: JobStatus };
  calendar_import: { req: CalendarImportRequest; res: CalendarResult };
  person_merge: { req: MergeRequest; res: MergeResult };
  ask_create: { req: AskInput; res: Ask };
  ask_list: { req: AskQuery; res: AskPage };
  ask_get: { req: IdRequest; res: Ask };
  ask_move: { req: AskMove; res: Ask };
  ask_update: { req: AskEdit; res: Ask };
  ask_delete: { req: IdRequest; res: Ask };
  ask_stats: { req: AskQuery; res: AskStats };
  ledger_get: { req: IdRequest; res: Ledger };
  ledger_add: { req: LedgerInput; res: Ledger };
  ledger_delete: { req: IdRequest; res: Ledger };
  sources_rank: { req: SourcesQuery; res: SourcesResult };
  team_list: { req: Empty; res: Array<PersonRef> };
  people_export_file: { req: ExportQuery; res: ExportFile };
  backup_export: { req: Empty; res: Backup };
  backup_file: { req: Empty; res: BackupFile };
  backup_restore: { req: Backup; res: Counts };
  vault_health: { req: Empty; res: VaultHealth };
  snapshot_list: { req: Empty; res: SnapshotList };
  snapshot_create: { req: Empty; res: SnapshotInfo };
  snapshot_restore: { req: SnapshotRestoreRequest; res: SnapshotRestored };
  snapshot_keep: { req: SnapshotKeepRequest; res: SnapshotList };
  mail_import: { req: MailImportRequest; res: CaptureResult };
  capture_sources_list: { req: Empty; res: Array<CaptureSource> };
  capture_source_remove: { req: IdRequest; res: CaptureSource };
  sync_add: { req: SyncAddRequest; res: SyncAdded };
  sync_run: { req: SyncRunRequest; res: SyncResult };
  sync_commit: { req: SyncCommitRequest; res: SyncCommitResult };
  sync_remove: { req: IdRequest; res: CaptureSource };
  need_offer_list: { req: NeedQuery; res: NeedOffers };
  need_offer_create: { req: NeedOfferInput; res: NeedOffers };
  need_offer_update: { req: NeedOfferUpdate; res: NeedOffers };
  need_offer_delete: { req: IdRequest; res: NeedOffers };
  intro_openness_set: { req: OpennessInput; res: NeedOffers };
  intro_suggestions: { req: SuggestionQuery; res: SuggestionPage };
  intro_dismiss: { req: DismissInput; res: Dismissal };
  intro_undismiss: { req: PairRequest; res: Dismissal };
  intro_draft: { req: PairRequest; res: IntroNotes };
  intro_start: { req: IntroStart; res: Ask };
  intro_answer: { req: IntroAnswer; res: Ask };
  today: { req: TodayQuery; res: Today };
  today_snooze: { req: TodaySnooze; res: TodaySnoozed };
  cadence_list: { req: CadenceQuery; res: CadenceList };
  cadence_rules: { req: Empty; res: CadenceRules };
  cadence_set: { req: CadenceSet; res: CadenceRules };
  keep_in_touch_snooze: { req: SnoozeRequest; res: KeepInTouch };
  keep_in_touch_pause: { req: PauseRequest; res: KeepInTouch };
  network_health: { req: Empty; res: NetworkHealth };
  vault_status: { req: Empty; res: VaultStatus };
  vault_unlock: { req: VaultUnlock; res: VaultStatus };
  vault_lock: { req: Empty; res: VaultStatus };
  target_list: { req: TargetQuery; res: Array<TargetAccount> };
  target_set: { req: TargetInput; res: TargetAccount };
  target_remove: { req: IdRequest; res: TargetAccount };
  target_import_preview: { req: TargetImportRequest; res: TargetImportPreview };
  target_import_commit: { req: TargetImportRequest; res: TargetImportResult };
  role_get: { req: IdRequest; res: PersonRoles };
  role_set: { req: RoleSetRequest; res: PersonRoles };
  role_templates: { req: Empty; res: RoleTemplates };
  role_template_set: { req: RoleTemplate; res: RoleTemplates };
  coverage: { req: CoverageQuery; res: CoverageReport };
  account_get: { req: IdRequest; res: AccountDetail };
  coverage_export: { req: CoverageQuery; res: CoverageFile };
  team_status: { req: Empty; res: TeamStatus };
  team_join: { req: TeamJoinRequest; res: TeamStatus };
  team_leave: { req: TeamLeaveRequest; res: TeamStatus };
  team_sync: { req: Empty; res: TeamSyncReport };
  team_share_set: { req: ShareRequest; res: TeamStatus };
  team_never_share: { req: TeamNeverShareRequest; res: TeamStatus };
  team_conflicts: { req: Empty; res: Array<TeamConflict> };
  team_conflict_resolve: { req: TeamResolveRequest; res: Array<TeamConflict> };
  team_invite: { req: InviteRequest; res: Invite };
  team_coverage: { req: CoverageQuery; res: CoverageReport };
  team_paths: { req: TeamPathsRequest; res: TeamPaths };
};

export type CommandName = keyof Commands;

/** The command names, as the core lists them. */
export const COMMANDS: readonly CommandName[] = [
  "app_info",
  "person_list",
  "person_get",
  "person_create",
  "person_update",
  "person_delete",
  "org_list",
  "org_get",
  "org_create",
  "org_update",
  "org_delete",
  "tie_list",
  "tie_get",
  "tie_create",
  "tie_update",
  "tie_delete",
  "interaction_list",
  "interaction_log",
  "interaction_delete",
  "demo_load",
  "import_log",
  "path_find",
  "sphere_view",
  "settings_get",
  "settings_update",
  "fact_categories",
  "fact_list",
  "fact_create",
  "fact_update",
  "fact_delete",
  "text_classify",
  "draft_lint",
  "people_export",
  "import_preview",
  "import_commit",
  "import_progress",
  "import_cancel",
  "calendar_import",
  "person_merge",
  "ask_create",
  "ask_list",
  "ask_get",
  "ask_move",
  "ask_update",
  "ask_delete",
  "ask_stats",
  "ledger_get",
  "ledger_add",
  "ledger_delete",
  "sources_rank",
  "team_list",
  "people_export_file",
  "backup_export",
  "backup_file",
  "backup_restore",
  "vault_health",
  "snapshot_list",
  "snapshot_create",
  "snapshot_restore",
  "snapshot_keep",
  "mail_import",
  "capture_sources_list",
  "capture_source_remove",
  "sync_add",
  "sync_run",
  "sync_commit",
  "sync_remove",
  "need_offer_list",
  "need_offer_create",
  "need_offer_update",
  "need_offer_delete",
  "intro_openness_set",
  "intro_suggestions",
  "intro_dismiss",
  "intro_undismiss",
  "intro_draft",
  "intro_start",
  "intro_answer",
  "today",
  "today_snooze",
  "cadence_list",
  "cadence_rules",
  "cadence_set",
  "keep_in_touch_snooze",
  "keep_in_touch_pause",
  "network_health",
  "vault_status",
  "vault_unlock",
  "vault_lock",
  "target_list",
  "target_set",
  "target_remove",
  "target_import_preview",
  "target_import_commit",
  "role_get",
  "role_set",
  "role_templates",
  "role_template_set",
  "coverage",
  "account_get",
  "coverage_export",
  "team_status",
  "team_join",
  "team_leave",
  "team_sync",
  "team_share_set",
  "team_never_share",
  "team_conflicts",
  "team_conflict_resolve",
  "team_invite",
  "team_coverage",
  "team_paths",
];

export type {
  AbbreviatedOrg,
  AccountDetail,
  AccountPerson,
  AccountRequest,
  AccountRole,
  AccountRow,
  Action,
  ApiError,
  AppInfo,
  Ask,
  AskConnect,
  AskConnector,
  AskEdit,
  AskEvent,
  AskInput,
  AskMode,
  AskMove,
  AskPage,
  AskQuery,
  AskStats,
  Backup,
  BackupFile,
  BackupPhoto,
  BackupTable,
  BackupTie,
  Band,
  Cadence,
  CadenceList,
  CadenceQuery,
  CadenceRules,
  CadenceSet,
  CadenceSource,
  CalendarImportRequest,
  CalendarResult,
  CalendarSummary,
  CaptureResult,
  CaptureSource,
  Category,
  Chip,
  Classification,
  ClassifyRequest,
  Concentration,
  ConnectorRate,
  ConnectorStatus,
  Counts,
  CoverageCell,
  CoverageFile,
  CoverageQuery,
  CoverageReport,
  CoveredBy,
  DeclineReason,
  DemoRequest,
  DemoSummary,
  DetailRequest,
  Direction,
  DismissInput,
  DismissReason,
  Dismissal,
  DuplicateProposal,
  Empty,
  Entity,
  ErrorKind,
  ExportFile,
  ExportFormat,
  ExportQuery,
  ExportedFact,
  ExportedPerson,
  Fact,
  FactInput,
  FactList,
  FactQuery,
  FactUpdate,
  FactView,
  Format,
  FunnelStage,
  HealthPoint,
  HealthState,
  Hop,
  IdRequest,
  IgnoredCount,
  ImportFileRequest,
  ImportLogRequest,
  ImportPreview,
  ImportResult,
  ImportSummary,
  Interaction,
  InteractionInput,
  InteractionKind,
  InteractionPage,
  InteractionQuery,
  InteractionView,
  InteractionWeight,
  IntroAnswer,
  IntroDraft,
  IntroNotes,
  IntroStart,
  IntroSuggestion,
  Invite,
  InviteRequest,
  JobFunction,
  JobRequest,
  JobStatus,
  KeepInTouch,
  KeepInTouchStatus,
  Ledger,
  LedgerEntry,
  LedgerInput,
  LedgerKind,
  LintFix,
  LintKind,
  LintRequest,
  LintResult,
  LintWarning,
  MailImportRequest,
  MailSummary,
  MemberInfo,
  MergeRequest,
  MergeResult,
  NeedKind,
  NeedOffer,
  NeedOfferInput,
  NeedOfferUpdate,
  NeedOffers,
  NeedQuery,
  NetworkHealth,
  Openness,
  OpennessInput,
  Opportunity,
  OptIn,
  OrgQuery,
  OrgRef,
  OrgUpdate,
  Organization,
  OrganizationAlias,
  OrganizationInput,
  OrganizationSummary,
  Outcome,
  PairRequest,
  Passage,
  PathCell,
  PathPerson,
  PathQuery,
  PathResult,
  PauseRequest,
  PeopleExport,
  Person,
  PersonDetail,
  PersonInput,
  PersonKey,
  PersonPage,
  PersonQuery,
  PersonRef,
  PersonRoles,
  PersonSort,
  PersonSummary,
  PersonUpdate,
  PreviewRow,
  Progress,
  Reached,
  Relationship,
  RelationshipInput,
  RequestState,
  Ring,
  RingCadence,
  RingHealth,
  RoleCoverage,
  RoleSetRequest,
  RoleState,
  RoleTemplate,
  RoleTemplates,
  ScoreParts,
  Seniority,
  Sensitivity,
  SettingEntry,
  Settings,
  SettingsInput,
  Severity,
  ShareLevel,
  ShareRequest,
  Side,
  Skip,
  SnapshotInfo,
  SnapshotKeepRequest,
  SnapshotList,
  SnapshotRestoreRequest,
  SnapshotRestored,
  SnoozeRequest,
  Source,
  SourceTarget,
  SourcesQuery,
  SourcesResult,
  SpherePerson,
  SphereTie,
  SphereView,
  StateTime,
  StatusCount,
  StrengthBand,
  SuggestionPage,
  SuggestionQuery,
  SyncAddRequest,
  SyncAdded,
  SyncCommitRequest,
  SyncCommitResult,
  SyncKind,
  SyncResult,
  SyncRunRequest,
  SyncSecurity,
  TagCadence,
  TargetAccount,
  TargetImportOutcome,
  TargetImportPreview,
  TargetImportRequest,
  TargetImportResult,
  TargetImportRow,
  TargetInput,
  TargetQuery,
  TeamConflict,
  TeamJoinRequest,
  TeamLeaveRequest,
  TeamMember,
  TeamNeverShareRequest,
  TeamPath,
  TeamPathStep,
  TeamPaths,
  TeamPathsRequest,
  TeamRefused,
  TeamResolveRequest,
  TeamStatus,
  TeamSyncReport,
  TieKind,
  TieQuery,
  TieSummary,
  TieUpdate,
  TieView,
  Today,
  TodayItem,
  TodayKind,
  TodayQuery,
  TodaySnooze,
  TodaySnoozed,
  VaultHealth,
  VaultStatus,
  VaultUnlock,
  Verdict,
  VerdictCount,
  WarmPath,
  WeekPoint,
  WhatIf,
  WhatIfChange,
};
