// All UI text, one table per language. Simplified Chinese is the default; English on request.
// The text of a family of screens may live in its own file (i18n-coverage.js), merged below.
import * as coverageText from "./i18n-coverage.js";

const zh = {
  skip: "跳到正文", updateReady: "新版本已就绪", updateNow: "立即更新", mainNav: "主导航",
  appName: "校园安全隐患排查", appTagline: "双鸭山市教育系统 · 隐患排查与整改闭环", switchLang: "English",
  signIn: "登录", signOut: "退出登录", signInAgain: "重新登录", username: "用户名", password: "密码",
  fillBoth: "请输入用户名和密码。", loginFailed: "用户名或密码错误，或账号已停用。",
  choosePassword: "设置新密码", choosePasswordHint: "您的密码由管理员设置，请先设置只有您知道的新密码。",
  newPassword: "新密码", repeatPassword: "再次输入新密码", passwordsDiffer: "两次输入的新密码不一致。", savePassword: "保存并登录",
  loginOffline: "现在没有网络，登录需要联网。", sessionExpired: "登录已过期。手机上还有 {n} 项待上传，已妥善保存，重新登录后自动上传。",
  authNeeded: "登录已过期，待上传的内容仍保存在手机上。", screenFailed: "页面加载失败，请返回重试。",
  back: "‹ 返回", backToChecklist: "‹ 返回检查表", backToList: "‹ 隐患列表", ok: "确定", cancel: "取消", delete: "删除",
  never: "从未", online: "在线", offline: "离线", notFound: "没有找到。", notCachedOffline: "离线时无法打开：此隐患未保存在手机上。",
  tabSchools: "学校", tabHazards: "隐患", tabOutbox: "同步", tabReports: "年报",
  badgePending: "待同步 {n}", badgeSynced: "已同步", badgeLabel: "待同步 {n} 项，点击查看",
  draftsTitle: "未完成的检查", answeredOf: "已查 {a}/{n} 项", deleteDraft: "删除草稿", deleteDraftConfirm: "删除这次未完成的检查？已拍的照片也不再使用。",
  schoolsTitle: "选择学校", searchSchools: "搜索学校名称或地址", nearestFirst: "按距离由近到远", noLocation: "未获得定位，按名称排序",
  noMatch: "没有匹配的学校。", noSchools: "暂无学校数据，请联网后刷新。", onCampus: "就在校内", distanceUnknown: "距离未知",
  metres: "{n} 米", km: "{n} 公里",
  kind: "检查类型", kindSuggested: "按今天日期推荐：{kind}", checklist: "检查表", itemCount: "{n} 项",
  noChecklist: "没有适用于该类型和学校的检查表。", startInspection: "开始检查",
  progress: "检查进度", lookAt: "怎么查", photoRequired: "需拍照", photosN: "{n} 张照片", restPass: "其余未查项全部合格",
  reviewSubmit: "检查完毕，核对提交", hazardSheetTitle: "记录隐患", description: "隐患描述", grade: "隐患等级", dueOn: "整改期限",
  locationNote: "具体位置", locationNoteHint: "如：教学楼二层东侧楼梯", responsiblePerson: "整改责任人",
  photos: "现场照片", photosRequired: "现场照片（此项至少一张）", takePhoto: "拍照 / 选择照片", takeProofPhoto: "拍整改后照片",
  photoAlt: "现场照片", removePhoto: "删除这张照片", processingPhotos: "正在压缩照片…", photoUnreadable: "这张照片无法读取，请重拍。",
  saveHazard: "保存隐患", descriptionRequired: "请填写隐患描述。", dueRequired: "请选择整改期限。", photoNeeded: "此检查项要求至少拍一张照片。",
  reviewTitle: "核对并提交", school: "学校", startedAt: "开始时间", geotag: "定位", located: "已定位（精度约 {m} 米）",
  notLocated: "未定位（提交时再试一次）", unanswered: "还有 {n} 项未检查：", photosMissing: "{n} 项隐患缺少必需的照片。",
  hazardsFound: "发现的隐患", submitInspection: "提交检查结果", locating: "正在定位…",
  offlineSubmitHint: "没有网络也可以提交：结果先保存在手机上，联网后自动上传。",
  submittedSending: "已保存，正在上传…", savedOffline: "已保存到手机，联网后自动上传。", syncedN: "已上传 {n} 项",
  openHazards: "未销号", overdueHazards: "已逾期", closedHazards: "已销号", startDaily: "开始日常自查",
  openList: "未销号隐患（{n}）", closedList: "已销号隐患（{n}）", noOpenHazards: "没有未销号的隐患。",
  overdueDays: "逾期 {n} 天", pendingSync: "待上传", recurrence: "整治后反弹",
  foundBy: "发现", before: "整改前", after: "整改后", noPhotos: "暂无照片", photoOffline: "离线时无法查看这张照片。",
  flagsTitle: "需要验收人注意", timeline: "处理记录", measures: "整改措施", rejectReason: "退回原因",
  interimControls: "临时管控措施", interimControlsRequired: "临时管控措施（重大隐患必填）", interimHint: "如：设置警戒线、警示标志、暂停使用。",
  hazardPending: "本隐患有操作待上传，联网后自动提交。", proofTitle: "提交整改佐证", costYuan: "整改费用（元，可不填）",
  proofPhotos: "整改后照片（至少一张）", submitProof: "提交整改佐证", measuresRequired: "请填写整改措施。",
  proofPhotoRequired: "请至少拍一张整改后照片。", interimRequired: "重大隐患须填写临时管控措施。", costInvalid: "费用请填写数字，最多两位小数。",
  verifyTitle: "验收销号", verifyHint: "对照整改前后照片，现场确认已整改到位后再验收销号。",
  rejectReasonLabel: "退回原因（退回时必填）", reasonRequired: "退回整改请填写原因。", accept: "验收通过，销号", reject: "退回整改",
  outboxWaiting: "待同步 {n} 项", outboxEmpty: "全部已同步", pendingSummary: "检查 {i} · 照片 {p} · 整改与验收 {r}",
  allSynced: "手机上没有待上传的内容。", lastSync: "上次同步", syncNow: "立即同步",
  heldExplain: "有 {n} 项被服务器拒绝，需要您处理：重试或放弃。", discard: "放弃", retry: "重试",
  discardConfirm: "放弃后这项内容不会上传，也无法恢复。确定放弃？", opPhoto: "照片",
  stateWaiting: "等待上传", stateRetryAt: "{time} 自动重试", stateBlocked: "等待前一项完成", stateConflict: "冲突", stateFailed: "被拒绝",
  account: "账号", logoutPending: "还有 {n} 项未上传。退出后仍保存在手机上，同一账号再次登录后上传。确定退出？",
  dash: {
    trail: "层级", period: "统计期间", from: "起始日期", to: "截止日期", apply: "查看", print: "打印",
    periods: { 30: "近 30 天", 90: "近 90 天", 365: "近一年", term: "本学期", custom: "自定义…" },
    periodShown: "统计期间 {from} 至 {to}", savedAt: "离线：显示的是 {time} 保存的数据。",
    offlineEmpty: "离线且手机上没有保存的概览，请联网后打开。", figures: "主要指标", none: "暂无数据。",
    kpi: { open_general: "一般隐患未销号", open_major: "重大隐患未销号", overdue: "逾期未整改", awaiting: "待验收佐证",
           found: "期内发现", closed: "期内销号", closure_rate: "销号率", on_time: "按期销号率", median_days: "销号中位天数",
           recurrences: "整治后反弹" },
    byCounty: "各县（区）及直属单位", bySchool: "各学校", sortHint: "点击列标题排序；点击单位名称查看下一级。",
    col: { name: "单位", open: "未销号", overdue: "逾期", found: "期内发现", closed: "期内销号", week: "周" },
    byCategory: "按隐患类别（未销号）", byCategoryLabel: "按隐患类别的未销号隐患数：{list}",
    bySection: "按责任科室（未销号）", bySectionLabel: "按责任科室的未销号隐患数：{list}",
    foundN: "期内发现 {n}", showData: "查看数据表",
    weekly: "每周发现与销号", weeklyLabel: "每周发现与销号隐患数折线图：期内共发现 {found} 项，销号 {closed} 项", weekOf: "{day} 起一周",
    majors: "重大隐患（{n} 项未销号）", noMajors: "没有未销号的重大隐患。", ageDays: "{n} 天", allN: "查看全部 {n} 项",
    map: "隐患分布", mapLabel: "地图：{n} 项未销号隐患的位置", unplaced: "{n} 项无位置信息",
  },
  tabDashboard: "概览", filteredTitle: "筛选结果（{n} 项）", filteredMore: "显示前 {shown} 项，共 {n} 项；完整清单请导出台账。",
  clearFilter: "清除筛选", filterOffline: "筛选需要联网，离线时只能查看全部隐患。", noHazards: "没有符合条件的隐患。",
  opTypes: { inspection: "检查记录", ack: "接收隐患", proof: "整改佐证", verify: "验收" },
  outcomes: { pass: "合格", hazard: "隐患", na: "不适用" },
  grades: { general: "一般隐患", major: "重大隐患" },
  statuses: { open: "待整改", rectifying: "整改中", submitted: "待验收", closed: "已销号" },
  inspectionKinds: { daily: "日常排查", term_start: "开学前集中排查", term_mid: "学期中集中排查", term_end: "学期结束后集中排查",
                     supervision_general: "综合督查", supervision_special: "专项督查" },
  schoolTypes: { kindergarten: "幼儿园", primary: "小学", junior: "初中", senior: "高中", nine_year: "九年一贯制", vocational: "职业学校",
                 special: "特殊教育学校", private: "民办学校", training_institution: "校外培训机构" },
  roles: { admin: "系统管理员", bureau_viewer: "教体局查看", inspector: "检查员", principal: "校长", school_officer: "安全干事" },
  actions: { hazard: { register: "登记隐患", acknowledge: "学校接收", submit_proof: "提交整改佐证", accept: "验收销号", reject: "退回整改" } },
  flags: {
    same_as_evidence: "整改后照片与整改前照片完全相同。", looks_like_evidence: "整改后照片与整改前照片非常相似。",
    taken_before_found: "整改照片的拍摄时间早于发现隐患的时间。", capture_time_unknown: "无法确定照片的拍摄时间。",
    location_unknown: "照片没有位置信息，无法确认是否在校内拍摄。", off_campus: "整改照片不是在校园范围内拍摄的。",
    evidence_off_campus: "隐患照片不是在校园范围内拍摄的。", photo_missing: "有照片尚未上传到服务器。",
    location_imprecise: "照片的定位误差太大，无法证明是在校内拍摄的。", recorded_off_campus: "登记隐患时手机不在校园范围内。",
  },
  report: {
    title: "年度安全工作报告", year: "年度", yearN: "{n}年", openOwn: "打开本单位年度报告", heading: "{year}年度安全工作报告 · {unit}",
    unitsReporting: "下级单位报告（已提交 {done}/{n}）", submittedOn: "{date} 提交", late: "逾期提交",
    needsNetwork: "年度报告需要联网查看。", live: "数据为实时生成，提交时固定。", frozen: "数据已于 {date} 提交时固定。",
    found: "本年发现隐患", foundMajor: "重大隐患", closed: "本年销号", closureRate: "整改率", onTimeRate: "按期销号率",
    overdue: "当前逾期", recurrences: "整治后反弹", medianDays: "整改天数中位数", inspections: "开展排查",
    majors: "重大隐患及处置（{n}）", closedLate: "逾期销号", stillOpen: "未销号",
    narrative: "工作总结", narrativeHint: "本年度安全工作开展情况、主要措施、存在问题和下一步打算。", noNarrative: "（未填写）",
    save: "保存草稿", saved: "已保存", submit: "提交上级", submitConfirm: "提交后数据将固定，上级审核前不能修改。确定提交？",
    submitted: "已提交上级", review: "审核", comment: "审核意见", commentRequired: "退回时请填写需要修改的内容。",
    accept: "审核通过", return: "退回修改", accepted: "已审核通过", returned: "已退回", print: "打印 / 导出报告",
    statuses: { none: "未编写", draft: "草稿", submitted: "已提交", returned: "已退回", accepted: "已通过" },
    steps: { submit: "提交", return: "退回", accept: "通过" },
  },
  errors: {
    network: "没有网络或服务器无应答，稍后自动重试。", http_error: "服务器出错，稍后自动重试。",
    proof_photos_missing: "整改照片还没有全部上传，上传完成后才能验收销号。", password_change_required: "请先设置新密码。",
    weak_password: "新密码太简单：至少 8 位，且至少包含 4 种不同字符。", wrong_password: "当前密码不正确。",
    invalid_time: "时间不合理，请检查手机的日期和时间设置。", invalid_due_on: "整改期限应在发现当天到一年之内。",
    duplicate_photos: "同一张照片添加了两次。", exif_corrupt: "照片的拍摄信息已损坏，请重新拍摄。",
    incomplete_location: "位置信息不完整。", nul_character: "内容中含有无法保存的字符。",
    unknown_domain: "未知的隐患类别。", photo_file_missing: "照片文件在服务器上缺失。",
    username_taken: "用户名已被占用。", cannot_disable_self: "不能停用自己的账号。",
    stale_version: "此隐患已被他人更新。点“重试”将按最新状态重新提交。",
    invalid_transition: "此隐患的状态已变化（可能已被他人处理），这项操作不再适用。",
    id_conflict: "服务器上已有同一编号但内容不同的记录，不会重复提交。", results_mismatch: "检查结果与检查表的项目不一致。",
    kind_not_allowed: "您的角色不能提交这种类型的检查。", role_not_allowed: "您的角色不能进行这项操作。",
    checklist_kind_mismatch: "这张检查表不适用于所选的检查类型。", checklist_school_type_mismatch: "这张检查表不适用于该学校类型。",
    checklist_retired: "这张检查表已停用，请用新版检查表重新检查。", checklist_not_found: "检查表不存在。",
    interim_controls_required: "重大隐患须先填写临时管控措施。", reason_required: "退回整改须填写原因。",
    same_person: "提交整改佐证的人不能验收同一隐患。", not_a_verifier: "您无权验收这一等级的隐患。",
    photo_not_found: "服务器上没有这张照片。", hash_mismatch: "照片在传输中损坏，将重新上传。", empty_photo: "照片是空的。",
    image_too_large: "照片太大。", image_corrupt: "照片已损坏，无法读取。", unsupported_image_type: "不支持这种图片格式。",
    invalid_times: "开始或结束时间不正确。", invalid_cost: "整改费用格式不正确。", hazard_not_found: "隐患不存在或不在您的范围内。",
    inspection_not_found: "检查记录不存在。", not_a_school: "所选单位不是学校。", invalid_credentials: "登录已失效。",
    http_400: "提交的内容有误。", http_403: "您没有权限进行这项操作。", http_404: "不存在或不在您的范围内。",
    http_413: "内容太大，服务器拒收。", http_429: "操作太频繁，稍后自动重试。",
  },
};

const en = {
  skip: "Skip to content", updateReady: "A new version is ready", updateNow: "Update now", mainNav: "Main",
  appName: "SafeCampus", appTagline: "Shuangyashan schools · hazard inspection and rectification", switchLang: "中文",
  signIn: "Sign in", signOut: "Sign out", signInAgain: "Sign in again", username: "Username", password: "Password",
  fillBoth: "Enter your username and password.", loginFailed: "Wrong username or password, or the account is disabled.",
  choosePassword: "Choose a new password", choosePasswordHint: "An administrator set your password; choose one only you know.",
  newPassword: "New password", repeatPassword: "New password again", passwordsDiffer: "The two new passwords differ.", savePassword: "Save and sign in",
  loginOffline: "No network: signing in needs a connection.", sessionExpired: "Your session expired. {n} items waiting on this phone are kept and will upload after you sign in.",
  authNeeded: "Your session expired; waiting items are kept on this phone.", screenFailed: "This screen failed to load; go back and try again.",
  back: "‹ Back", backToChecklist: "‹ Back to checklist", backToList: "‹ Hazards", ok: "OK", cancel: "Cancel", delete: "Delete",
  never: "never", online: "online", offline: "Offline", notFound: "Not found.", notCachedOffline: "Not available offline: this hazard is not stored on the phone.",
  tabSchools: "Schools", tabHazards: "Hazards", tabOutbox: "Sync", tabReports: "Reports",
  badgePending: "{n} to sync", badgeSynced: "Synced", badgeLabel: "{n} items waiting to sync; open the outbox",
  draftsTitle: "Unfinished inspections", answeredOf: "{a}/{n} checked", deleteDraft: "Delete draft", deleteDraftConfirm: "Delete this unfinished inspection?",
  schoolsTitle: "Choose a school", searchSchools: "Search school name or address", nearestFirst: "Nearest first", noLocation: "No location: sorted by name",
  noMatch: "No school matches.", noSchools: "No schools yet; refresh when online.", onCampus: "On campus", distanceUnknown: "distance unknown",
  metres: "{n} m", km: "{n} km",
  kind: "Inspection kind", kindSuggested: "Suggested for today: {kind}", checklist: "Checklist", itemCount: "{n} items",
  noChecklist: "No checklist fits this kind and school.", startInspection: "Start inspection",
  progress: "Progress", lookAt: "How to check", photoRequired: "Photo needed", photosN: "{n} photos", restPass: "Mark all unchecked items as pass",
  reviewSubmit: "Done: review and submit", hazardSheetTitle: "Record a hazard", description: "Description", grade: "Grade", dueOn: "Deadline",
  locationNote: "Where exactly", locationNoteHint: "e.g. east stairs, 2nd floor", responsiblePerson: "Responsible person",
  photos: "Photos", photosRequired: "Photos (at least one for this item)", takePhoto: "Take / choose photo", takeProofPhoto: "Photo after the fix",
  photoAlt: "Photo", removePhoto: "Remove this photo", processingPhotos: "Compressing photos…", photoUnreadable: "This photo cannot be read; take it again.",
  saveHazard: "Save hazard", descriptionRequired: "Describe the hazard.", dueRequired: "Choose a deadline.", photoNeeded: "This item needs at least one photo.",
  reviewTitle: "Review and submit", school: "School", startedAt: "Started", geotag: "Location", located: "Located (about {m} m)",
  notLocated: "Not located (tried again on submit)", unanswered: "{n} items not checked yet:", photosMissing: "{n} hazards lack a required photo.",
  hazardsFound: "Hazards found", submitInspection: "Submit inspection", locating: "Locating…",
  offlineSubmitHint: "Works without network: saved on the phone first, uploaded when online.",
  submittedSending: "Saved; uploading…", savedOffline: "Saved on the phone; uploads when online.", syncedN: "{n} items uploaded",
  openHazards: "Open", overdueHazards: "Overdue", closedHazards: "Closed", startDaily: "Start daily self-check",
  openList: "Open hazards ({n})", closedList: "Closed hazards ({n})", noOpenHazards: "No open hazards.",
  overdueDays: "{n} days overdue", pendingSync: "Waiting to upload", recurrence: "Recurrence",
  foundBy: "Found", before: "Before", after: "After", noPhotos: "No photos", photoOffline: "This photo is not available offline.",
  flagsTitle: "For the verifier", timeline: "Timeline", measures: "Measures taken", rejectReason: "Reason for rejection",
  interimControls: "Interim controls", interimControlsRequired: "Interim controls (required for major hazards)", interimHint: "e.g. cordon, warning signs, out of use.",
  hazardPending: "Changes to this hazard are waiting to upload.", proofTitle: "Submit rectification proof", costYuan: "Cost (yuan, optional)",
  proofPhotos: "Photos after the fix (at least one)", submitProof: "Submit proof", measuresRequired: "Describe the measures taken.",
  proofPhotoRequired: "Take at least one photo after the fix.", interimRequired: "Major hazards need interim controls.", costInvalid: "Cost must be a number with at most 2 decimals.",
  verifyTitle: "Verify and close", verifyHint: "Compare the before and after photos and confirm on site before closing.",
  rejectReasonLabel: "Reason (required to reject)", reasonRequired: "Give a reason to reject.", accept: "Accept and close", reject: "Reject",
  outboxWaiting: "{n} items to sync", outboxEmpty: "Everything is synced", pendingSummary: "inspections {i} · photos {p} · proofs and decisions {r}",
  allSynced: "Nothing is waiting on this phone.", lastSync: "Last sync", syncNow: "Sync now",
  heldExplain: "{n} items were refused by the server and need you: retry or discard.", discard: "Discard", retry: "Retry",
  discardConfirm: "A discarded item is never uploaded and cannot be recovered. Discard it?", opPhoto: "Photo",
  stateWaiting: "Waiting", stateRetryAt: "retrying at {time}", stateBlocked: "Waiting for the item before", stateConflict: "Conflict", stateFailed: "Refused",
  account: "Account", logoutPending: "{n} items are not uploaded yet. They stay on this phone and upload when this account signs in again. Sign out?",
  dash: {
    trail: "Level", period: "Period", from: "From", to: "To", apply: "Show", print: "Print",
    periods: { 30: "Last 30 days", 90: "Last 90 days", 365: "Last year", term: "This term", custom: "Custom…" },
    periodShown: "Period {from} to {to}", savedAt: "Offline: showing data saved at {time}.",
    offlineEmpty: "Offline, and no dashboard is saved on this device; open it once online.", figures: "Key figures", none: "No data.",
    kpi: { open_general: "Open general", open_major: "Open major", overdue: "Overdue", awaiting: "Proof to verify",
           found: "Found in period", closed: "Closed in period", closure_rate: "Closure rate", on_time: "Closed on time",
           median_days: "Median days to close", recurrences: "Recurrences" },
    byCounty: "Counties and direct units", bySchool: "Schools", sortHint: "Click a column header to sort; a unit's name to drill down.",
    col: { name: "Unit", open: "Open", overdue: "Overdue", found: "Found", closed: "Closed", week: "Week" },
    byCategory: "By category (open)", byCategoryLabel: "Open hazards by category: {list}",
    bySection: "By bureau section (open)", bySectionLabel: "Open hazards by bureau section: {list}",
    foundN: "found {n}", showData: "Show the data table",
    weekly: "Found and closed per week", weeklyLabel: "Line chart of hazards found and closed per week: {found} found, {closed} closed in the period", weekOf: "week of {day}",
    majors: "Major hazards ({n} open)", noMajors: "No open major hazards.", ageDays: "{n} d", allN: "All {n}",
    map: "Where", mapLabel: "Map of {n} open hazards", unplaced: "{n} without a location",
  },
  tabDashboard: "Overview", filteredTitle: "Filtered ({n})", filteredMore: "Showing the first {shown} of {n}; export the ledger for all.",
  clearFilter: "Clear filter", filterOffline: "Filters need a connection; offline, only the full list is available.", noHazards: "No hazards match.",
  opTypes: { inspection: "Inspection", ack: "Acknowledgement", proof: "Proof", verify: "Verification" },
  outcomes: { pass: "Pass", hazard: "Hazard", na: "N/A" },
  grades: { general: "General", major: "Major" },
  statuses: { open: "Open", rectifying: "Rectifying", submitted: "To verify", closed: "Closed" },
  inspectionKinds: { daily: "Daily", term_start: "Term start", term_mid: "Mid-term", term_end: "Term end",
                     supervision_general: "General supervision", supervision_special: "Special supervision" },
  schoolTypes: { kindergarten: "Kindergarten", primary: "Primary", junior: "Junior secondary", senior: "Senior secondary", nine_year: "Nine-year school",
                 vocational: "Vocational", special: "Special education", private: "Private school", training_institution: "Training institution" },
  roles: { admin: "Administrator", bureau_viewer: "Bureau viewer", inspector: "Inspector", principal: "Principal", school_officer: "Safety officer" },
  actions: { hazard: { register: "Recorded", acknowledge: "Acknowledged by school", submit_proof: "Proof submitted", accept: "Accepted and closed", reject: "Rejected" } },
  flags: {
    same_as_evidence: "The after photo is identical to a before photo.", looks_like_evidence: "The after photo looks very like a before photo.",
    taken_before_found: "The proof photo was taken before the hazard was found.", capture_time_unknown: "When the photo was taken is unknown.",
    location_unknown: "The photo has no location; on campus cannot be confirmed.", off_campus: "The proof photo was taken off campus.",
    evidence_off_campus: "The hazard photo was taken off campus.", photo_missing: "A photo has not reached the server yet.",
    location_imprecise: "The photo's location is too imprecise to show it was taken on campus.", recorded_off_campus: "The phone was off campus when the hazard was recorded.",
  },
  report: {
    title: "Annual safety reports", year: "Year", yearN: "{n}", openOwn: "Open my unit's report", heading: "{year} annual safety report · {unit}",
    unitsReporting: "Reports from units below ({done}/{n} submitted)", submittedOn: "submitted {date}", late: "Late",
    needsNetwork: "Annual reports need a network connection.", live: "Live figures; frozen when submitted.", frozen: "Figures frozen at submission on {date}.",
    found: "Found this year", foundMajor: "Major", closed: "Closed this year", closureRate: "Closure rate", onTimeRate: "Closed on time",
    overdue: "Overdue now", recurrences: "Recurrences", medianDays: "Median days to close", inspections: "Inspections",
    majors: "Major hazards and their handling ({n})", closedLate: "Closed late", stillOpen: "still open",
    narrative: "Narrative", narrativeHint: "What the unit did for safety this year, main measures, problems, next steps.", noNarrative: "(not written)",
    save: "Save draft", saved: "Saved", submit: "Submit to parent unit", submitConfirm: "Submitting freezes the figures; you cannot edit until it is reviewed. Submit?",
    submitted: "Submitted", review: "Review", comment: "Comments", commentRequired: "Say what needs to change when returning.",
    accept: "Accept", return: "Return for changes", accepted: "Accepted", returned: "Returned", print: "Print / export",
    statuses: { none: "Not started", draft: "Draft", submitted: "Submitted", returned: "Returned", accepted: "Accepted" },
    steps: { submit: "Submitted", return: "Returned", accept: "Accepted" },
  },
  errors: {
    network: "No network or no answer from the server; retrying later.", http_error: "Server error; retrying later.",
    proof_photos_missing: "Not all proof photos have arrived; the hazard can be closed once they have.", password_change_required: "Choose a new password first.",
    weak_password: "The new password is too simple: at least 8 characters, 4 of them different.", wrong_password: "The current password is wrong.",
    invalid_time: "A time is implausible; check the phone's date and time.", invalid_due_on: "The deadline must lie between the day found and a year later.",
    duplicate_photos: "The same photo was added twice.", exif_corrupt: "The photo's metadata is damaged; take it again.",
    incomplete_location: "The location is incomplete.", nul_character: "The text contains a character that cannot be stored.",
    unknown_domain: "Unknown hazard domain.", photo_file_missing: "The photo's file is missing on the server.",
    username_taken: "The username is taken.", cannot_disable_self: "You cannot disable your own account.",
    stale_version: "Someone else updated this hazard. Retry resubmits on the latest state.",
    invalid_transition: "This hazard's state changed (maybe handled by someone else); this action no longer applies.",
    id_conflict: "The server has a different record under the same id; it will not be sent twice.", results_mismatch: "The answers do not match the checklist items.",
    kind_not_allowed: "Your role may not submit this kind of inspection.", role_not_allowed: "Your role may not do this.",
    checklist_kind_mismatch: "This checklist does not fit the chosen kind.", checklist_school_type_mismatch: "This checklist does not fit this school type.",
    checklist_retired: "This checklist was retired; inspect again with the new version.", checklist_not_found: "Checklist not found.",
    interim_controls_required: "Major hazards need interim controls first.", reason_required: "A rejection needs a reason.",
    same_person: "Whoever submitted the proof cannot verify it.", not_a_verifier: "You may not verify hazards of this grade.",
    photo_not_found: "The server does not have this photo.", hash_mismatch: "The photo was damaged in transit; it will be sent again.", empty_photo: "The photo is empty.",
    image_too_large: "The photo is too large.", image_corrupt: "The photo is damaged.", unsupported_image_type: "This image type is not supported.",
    invalid_times: "Start or finish time is wrong.", invalid_cost: "The cost is not valid.", hazard_not_found: "Hazard not found or out of your scope.",
    inspection_not_found: "Inspection not found.", not_a_school: "That unit is not a school.", invalid_credentials: "Session expired.",
    http_400: "Something in the submission is wrong.", http_403: "You may not do this.", http_404: "Not found or out of your scope.",
    http_413: "Too large; the server refused it.", http_429: "Too many requests; retrying later.",
  },
};

const messages = { zh, en };
for (const [language, table] of Object.entries(messages)) {
  const { errors, ...rest } = coverageText[language];
  Object.assign(table, rest);
  Object.assign(table.errors, errors);
}
const stored = () => { try { return localStorage.getItem("lang"); } catch { return null; } };
let lang = stored() || "zh";

function lookup(key, table) {
  return key.split(".").reduce((node, part) => (node && typeof node === "object" ? node[part] : undefined), table);
}

const fill = (text, params) => (params && typeof params === "object" ? text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? "")) : text);

export function t(key, params) {
  const text = lookup(key, messages[lang]) ?? lookup(key, zh);
  return typeof text === "string" ? fill(text, params) : key;
}

/** An error (ApiError, NetworkError or a stored {status, code, message}) in words a person understands. */
export function errorText(error) {
  const code = error?.code;
  const known = code && lookup(`errors.${code}`, messages[lang]);
  if (known) return fill(known, error.details); // e.g. the other term of term_overlap
  const byStatus = error?.status && lookup(`errors.http_${error.status}`, messages[lang]);
  if (byStatus) return error.message ? `${byStatus}（${error.message}）` : byStatus;
  if (!error?.status) return t("errors.network");
  return error.message || t("errors.http_error");
}

export function currentLang() { return lang; }

export function setLang(next) {
  lang = next;
  try { localStorage.setItem("lang", next); } catch { /* private mode */ }
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
  document.title = next === "zh" ? "校园安全隐患排查" : "SafeCampus 校园安全隐患排查";
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
}
