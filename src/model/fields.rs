//! The market facts a profile can hold, each with a short name in English and
//! Chinese: what `list markets --coverage` counts and how outputs name a field.

/// A market fact: its path inside the profile and its short names.
pub struct Field {
    pub path: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

const fn field(path: &'static str, en: &'static str, zh: &'static str) -> Field {
    Field { path, en, zh }
}

/// Every fact of a market that rules or the ranking read, in profile order.
pub const MARKET_FACTS: [Field; 28] = [
    // Any of the reach counts (mobile internet, smartphone, any-device internet
    // users): the one `assess rank` compares.
    field("reach", "people online", "上网人数"),
    field(
        "network.mobile_download_mbps",
        "median mobile download",
        "移动下载速率中位数",
    ),
    field("network.idle_latency_ms", "idle latency", "空载时延"),
    field(
        "network.availability_4g_pct",
        "time on 4G",
        "4G在网时长占比",
    ),
    field(
        "network.population_coverage_4g_pct",
        "4G population coverage",
        "4G人口覆盖率",
    ),
    field("network.share_5g_pct", "time on 5G", "5G在网时长占比"),
    field(
        "network.legacy_connections_pct",
        "2G/3G connections",
        "2G/3G连接占比",
    ),
    field(
        "network.legacy_devices_pct",
        "3G-or-older devices",
        "3G及以下设备占比",
    ),
    field(
        "network.video_call_quality_pct",
        "video-call quality",
        "视频通话质量达标率",
    ),
    field(
        "network.video_experience_score",
        "video experience",
        "视频体验评分",
    ),
    field("devices.android_share_pct", "Android share", "安卓占比"),
    field("devices.ios_share_pct", "iOS share", "iOS占比"),
    field(
        "devices.low_end_installed_pct",
        "low-end devices in use",
        "在用低端机占比",
    ),
    field(
        "devices.low_end_shipments_pct",
        "low-end shipments",
        "低端机出货占比",
    ),
    field(
        "channels.performance-ads.cpi",
        "cost per install",
        "单次安装成本",
    ),
    field(
        "compliance.data_localization",
        "data localisation",
        "数据本地化",
    ),
    field(
        "compliance.cross_border_transfer",
        "cross-border transfer",
        "数据跨境传输",
    ),
    field(
        "compliance.registration_required",
        "registration duty",
        "登记或代表义务",
    ),
    field(
        "compliance.content_moderation",
        "content moderation",
        "内容监管",
    ),
    field(
        "compliance.minor_consent_age",
        "minors' consent age",
        "未成年人同意年龄",
    ),
    field(
        "compliance.realtime_calls_restricted",
        "internet calls restricted",
        "网络通话限制",
    ),
    field(
        "compliance.virtual_gifts_restricted",
        "virtual gifts restricted",
        "虚拟礼物限制",
    ),
    field(
        "compliance.ai_disclosure_required",
        "AI disclosure duty",
        "AI告知义务",
    ),
    field(
        "compliance.age_assurance_required",
        "age assurance duty",
        "年龄核验义务",
    ),
    field(
        "compliance.foreign_apps_blocked",
        "foreign apps blocked",
        "境外应用封禁",
    ),
    field(
        "compliance.influencer_licence_required",
        "influencer licence",
        "网红或主播许可",
    ),
    field(
        "compliance.online_course_licence_required",
        "online course licence",
        "在线课程许可",
    ),
    field("compliance.laws", "laws", "法规"),
];

/// The short name of a market fact in `lang`, if `path` is one (or lies below one).
pub fn field_name(path: &str, lang: crate::Lang) -> Option<&'static str> {
    MARKET_FACTS
        .iter()
        .find(|f| path == f.path || path.starts_with(&format!("{}.", f.path)))
        .map(|f| crate::i18n::pick(lang, f.en, f.zh))
}
