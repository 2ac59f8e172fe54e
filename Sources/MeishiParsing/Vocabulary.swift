/// Word lists the rules match against. Matching is on NFKC text with the
/// stray spaces between Japanese characters removed.
enum Vocabulary {
  // MARK: Company

  /// Japanese legal forms, longest first (㈱ and （株） arrive as "(株)" after NFKC).
  static let japaneseLegalForms: [String] = [
    "特定非営利活動法人", "国立研究開発法人", "地方独立行政法人", "独立行政法人", "国立大学法人",
    "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "社会福祉法人", "社会医療法人",
    "医療法人社団", "医療法人財団", "株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
    "相互会社", "協同組合", "医療法人", "学校法人", "宗教法人", "弁護士法人", "税理士法人", "監査法人",
    "行政書士法人", "司法書士法人", "NPO法人", "(株)", "(有)", "(同)", "(資)", "(名)", "(社)", "(財)",
  ].sorted { $0.count > $1.count }

  /// Words that end the name of an organisation without a legal form.
  static let japaneseOrganisations: [String] = [
    "大学院大学", "大学", "病院", "銀行", "信用金庫", "信用組合", "協会", "連合会", "市役所", "区役所",
    "町役場", "村役場", "法律事務所", "特許事務所", "会計事務所", "税理士事務所", "高等学校", "学園",
  ].sorted { $0.count > $1.count }

  /// Trades a Japanese company's name often ends with ("カナリア電機", "瀬戸内不動産").
  static let companyTrades: [String] = [
    "電機", "電気", "電子", "不動産", "商事", "商会", "商店", "産業", "工業", "興業", "建設", "工務店",
    "製作所", "物流", "運輸", "酒造", "観光", "精密", "精機", "設計", "印刷", "出版", "農園", "化学",
    "食品", "製薬", "薬品", "技研", "企画", "貿易", "通信", "フーズ", "データ", "エナジー", "システム",
    "システムズ", "ネットワーク", "ネットワークス", "コンサルティング", "テクノロジー", "テクノロジーズ",
    "ソリューションズ", "デザイン", "メディカル", "ロボティクス", "ホーム", "ホールディングス",
    "サービス", "ロジスティクス", "トレーディング", "パートナーズ", "エンジニアリング", "ラボ",
  ]

  /// How trades are spelt in romaji in domain names ("shion-seimitsu", "cosmos-sekkei").
  static let tradeRomaji: [String: String] = [
    "精密": "seimitsu", "精機": "seiki", "設計": "sekkei", "電機": "denki", "電気": "denki",
    "不動産": "fudosan", "商事": "shoji", "工業": "kogyo", "建設": "kensetsu", "物流": "butsuryu",
    "酒造": "shuzo", "観光": "kanko", "印刷": "insatsu", "農園": "noen", "化学": "kagaku",
    "食品": "shokuhin", "製薬": "seiyaku", "産業": "sangyo", "興業": "kogyo", "運輸": "unyu",
    "技研": "giken", "企画": "kikaku", "貿易": "boeki", "通信": "tsushin", "電子": "denshi",
  ]

  /// English legal forms as lower-case word sequences; matched at a word boundary.
  static let latinLegalForms: [String] = [
    "co., ltd.", "co.,ltd.", "co., ltd", "co.,ltd", "co. ltd.", "co.ltd.", "co ltd", "co., inc.",
    "k.k.", "kk", "inc.", "inc", "incorporated", "corp.", "corp", "corporation", "g.k.",
    "llc", "l.l.c.", "ltd.", "ltd", "limited", "gmbh", "ag", "plc", "llp", "lp", "pte. ltd.",
    "pte ltd", "pty ltd", "pty. ltd.", "s.a.", "s.a.s.", "s.r.l.", "b.v.", "n.v.", "oy", "ab",
    "sdn bhd", "co.",
  ]

  /// Free-mail and carrier domains, which say nothing about the company.
  static let freeMailDomains: Set<String> = [
    "gmail.com", "googlemail.com", "yahoo.co.jp", "yahoo.com", "ymail.com", "outlook.com",
    "outlook.jp", "hotmail.com", "hotmail.co.jp", "live.com", "live.jp", "msn.com", "icloud.com",
    "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "docomo.ne.jp", "ezweb.ne.jp",
    "au.com", "softbank.ne.jp", "i.softbank.jp", "ymobile.ne.jp", "nifty.com", "biglobe.ne.jp",
    "so-net.ne.jp", "ocn.ne.jp", "excite.co.jp", "mail.com", "gmx.com", "gmx.de", "qq.com",
    "163.com", "naver.com",
  ]

  /// Second-level suffixes under which the label before is the organisation.
  static let publicSuffixes: Set<String> = [
    "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "ed.jp", "lg.jp", "gr.jp", "ad.jp",
    "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "com.au", "net.au", "org.au",
    "co.kr", "or.kr", "com.cn", "net.cn", "com.tw", "com.hk", "com.sg", "com.my", "co.th",
    "co.in", "co.nz", "com.br", "co.id", "com.ph", "com.vn",
  ]

  // MARK: Department and title

  /// Japanese organisational units a department name ends with, longest first.
  static let departmentSuffixes: [String] = [
    "事業本部", "統括本部", "本部", "事業部", "事業所", "部門", "部", "課", "室", "グループ", "チーム",
    "ユニット", "セクション", "支店", "支社", "営業所", "出張所", "事務所", "センター", "研究所", "研究室",
    "ラボ", "局", "係", "班", "工場", "オフィス", "本社", "事務局", "カンパニー", "ディビジョン",
  ].sorted { $0.count > $1.count }

  /// Japanese job titles, longest first.
  static let japaneseTitles: [String] = [
    "代表取締役社長執行役員", "代表取締役会長兼社長", "代表取締役社長兼CEO", "代表取締役社長CEO",
    "代表取締役社長", "代表取締役会長", "代表取締役副社長", "代表取締役専務", "代表取締役常務",
    "代表取締役CEO", "代表取締役", "取締役社長", "取締役副社長", "取締役会長", "専務取締役",
    "常務取締役", "社外取締役", "取締役", "代表執行役社長", "代表執行役", "執行役員社長",
    "専務執行役員", "常務執行役員", "上席執行役員", "執行役員", "執行役", "常勤監査役", "監査役",
    "代表社員", "業務執行社員", "会長", "副会長", "社長", "副社長", "専務", "常務", "理事長", "副理事長",
    "専務理事", "常務理事", "理事", "監事", "顧問", "相談役", "参与", "参事", "主事", "フェロー",
    "事業本部長", "副本部長", "本部長", "事業部長", "副事業部長", "統括部長", "担当部長", "部長代理",
    "副部長", "部長", "次長", "室長代理", "副室長", "室長", "課長代理", "課長補佐", "担当課長", "課長",
    "係長", "班長", "主任研究員", "上席研究員", "主席研究員", "主幹研究員", "特別研究員", "研究員",
    "主任技師", "技師長", "技師", "主任", "主査", "主幹", "副主任", "所長", "副所長", "支店長",
    "副支店長", "支社長", "店長", "副店長", "工場長", "センター長", "局長", "グループ長",
    "グループリーダー", "チームリーダー", "リーダー", "ゼネラルマネージャー", "ゼネラルマネジャー",
    "シニアマネージャー", "シニアマネジャー", "プロジェクトマネージャー", "プロダクトマネージャー",
    "マネージャー", "マネジャー", "マネージャ", "コーディネーター", "コーディネータ", "チーフ",
    "オフィサー", "キュレーター", "カウンセラー", "トレーナー", "インストラクター", "オペレーター",
    "テクニシャン", "サポーター", "ストラテジスト", "パートナー", "ディレクター", "シニアエンジニア", "エンジニア",
    "シニアコンサルタント", "コンサルタント", "プロデューサー", "デザイナー", "アーキテクト",
    "スペシャリスト", "アナリスト", "プランナー", "アドバイザー", "エキスパート", "セールス",
    "アシスタント", "秘書", "担当", "営業担当", "代表", "弁護士", "弁理士", "税理士", "公認会計士",
    "司法書士", "行政書士", "社会保険労務士", "中小企業診断士", "一級建築士",
    "二級建築士", "宅地建物取引士", "技術士", "不動産鑑定士", "土地家屋調査士", "気象予報士",
    "情報処理安全確保支援士", "管理栄養士", "社会福祉士", "一級建築施工管理技士", "医師", "教授", "准教授",
    "助教", "講師", "客員教授", "特任教授", "名誉教授", "博士", "CEO", "CTO", "CFO", "COO", "CIO",
    "CMO", "CDO", "CPO", "CISO",
  ].sorted { $0.count > $1.count }

  /// English words that end (or alone make) a job title, lower case.
  static let latinTitleWords: Set<String> = [
    "ceo", "cto", "cfo", "coo", "cio", "cmo", "cdo", "cpo", "ciso", "president", "chairman",
    "chairwoman", "chairperson", "chair", "director", "manager", "engineer", "researcher",
    "scientist", "consultant", "designer", "developer", "architect", "analyst", "specialist",
    "representative", "executive", "officer", "partner", "founder", "co-founder", "cofounder",
    "lead", "leader", "associate", "assistant", "coordinator", "administrator", "professor",
    "lecturer", "attorney", "lawyer", "secretary", "advisor", "adviser", "accountant", "producer",
    "editor", "planner", "strategist", "evangelist", "principal", "supervisor", "intern",
    "fellow", "vp", "svp", "evp", "owner", "agent", "counsel", "auditor", "technician",
    "programmer", "writer", "marketer", "recruiter", "head", "chief", "superintendent",
    "physician", "doctor", "nurse", "teacher", "instructor", "trainer", "expert", "evp",
    "gm", "md", "sales", "staff", "member", "general", "chief",
  ]

  /// English words that start a title ("Head of Sales", "Vice President, Sales").
  static let latinTitleLeads: Set<String> = [
    "head", "vp", "vice", "director", "chief", "manager", "general", "senior", "executive",
    "managing", "assistant", "associate", "deputy", "principal", "lead", "chairman",
    "president", "representative", "ceo", "cto", "cfo", "coo",
  ]

  /// English words that make a line a department.
  static let latinDepartmentWords: Set<String> = [
    "department", "dept", "dept.", "division", "div", "div.", "group", "section", "unit", "team",
    "office", "laboratory", "laboratories", "lab", "labs", "center", "centre", "bureau",
    "headquarters", "hq", "branch",
  ]

  /// Words that are never part of a person's name (checked lower-cased on Latin lines).
  static let latinNonNameWords: Set<String> = [
    "the", "and", "of", "for", "tokyo", "osaka", "japan", "street", "road", "avenue", "floor",
    "suite", "building", "bldg", "tower", "www", "http", "https", "tel", "fax", "mobile", "email",
    "e-mail", "mail", "phone", "cloud", "ai", "research", "sales", "marketing", "technology",
    "technologies", "solutions", "systems", "services", "global", "international", "holdings",
    "group", "company", "business", "card", "japan", "london", "new", "york",
  ]

  /// Honorifics printed before a Latin name.
  static let honorifics: Set<String> = [
    "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "mx.", "prof", "prof.",
    "sir", "dame",
  ]

  /// Degrees and post-nominals printed after a comma.
  static let postNominals: Set<String> = [
    "phd", "ph.d.", "ph.d", "md", "m.d.", "mba", "esq", "esq.", "cpa", "pe", "p.e.", "jr", "jr.",
    "sr", "sr.", "ii", "iii", "msc", "m.sc.", "bsc", "dphil", "frcs", "pmp",
  ]

  /// Japanese words that show a line is not a person's name.
  static let nonNameWords: [String] = [
    "株式", "会社", "法人", "本社", "支社", "支店", "営業", "事業", "技術", "開発", "推進", "管理",
    "企画", "戦略", "総務", "人事", "経理", "財務", "広報", "製造", "研究", "部長", "課長", "社長",
    "取締", "役員", "担当", "東京", "大阪", "名古屋", "福岡", "札幌", "京都", "横浜", "神戸", "住所",
    "電話", "携帯", "番号", "メール", "直通", "代表", "内線", "ビル", "センター", "グループ", "システム", "サービス",
    "ソリューション", "テクノロジー", "デザイン", "コンサルティング", "ホールディングス", "工業",
    "商事", "産業", "銀行", "証券", "保険", "不動産", "建設", "電機", "電気", "製作所", "研究所",
  ]

  // MARK: Address

  static let prefectures: [String] = [
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県",
    "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県",
    "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県",
    "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
  ]

  /// Words that show a Latin line is (part of) a street address, lower case.
  static let streetWords: Set<String> = [
    "street", "st", "st.", "road", "rd", "rd.", "avenue", "ave", "ave.", "boulevard", "blvd",
    "blvd.", "lane", "ln", "ln.", "drive", "way", "place", "pl", "pl.", "court", "ct", "ct.",
    "square", "sq", "sq.", "suite", "ste", "ste.", "floor", "fl", "fl.", "building", "bldg",
    "bldg.", "highway", "hwy", "parkway", "pkwy", "terrace", "crescent", "close", "row", "plaza",
    "tower", "house", "park", "chome", "chome,", "p.o.", "box", "unit", "level", "wharf", "mews",
    "gardens", "hill", "quay",
  ]

  /// Country names that may end an address line, lower case.
  static let countries: Set<String> = [
    "japan", "uk", "u.k.", "united kingdom", "england", "scotland", "usa", "u.s.a.", "us",
    "united states", "united states of america", "canada", "australia", "singapore", "germany",
    "france", "china", "korea", "taiwan", "hong kong", "india", "netherlands", "switzerland",
    "ireland", "new zealand", "thailand", "vietnam", "malaysia", "indonesia", "philippines",
  ]

  /// Romanised Japanese place markers ("Shibuya-ku", "Minato-ku, Tokyo").
  static let romajiPlaceSuffixes: [String] = ["-ku", "-shi", "-cho", "-machi", "-gun", "-ken"]
  static let romajiPlaces: Set<String> = [
    "tokyo", "osaka", "kyoto", "yokohama", "nagoya", "fukuoka", "sapporo", "kobe", "sendai",
    "hiroshima", "kawasaki", "saitama", "chiba", "kanagawa", "aichi", "hyogo", "hokkaido",
    "okinawa",
  ]
}
