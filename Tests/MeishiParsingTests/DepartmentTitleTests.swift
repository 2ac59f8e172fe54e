import MeishiCore
import MeishiParsing
import Testing

@Suite("Department and title")
struct DepartmentTitleTests {
  /// Card text → department, title.
  static let vectors: [(String, String?, String?)] = [
    ("営業部 部長", "営業部", "部長"),
    ("営業部部長", "営業部", "部長"),
    ("営業 部 部 長", "営業部", "部長"),
    ("営業本部 第一営業部\n部長", "営業本部 第一営業部", "部長"),
    ("営業本部\n第一営業部\n課長", "営業本部 第一営業部", "課長"),
    ("開発部 課長代理", "開発部", "課長代理"),
    ("人事課 係長", "人事課", "係長"),
    ("品質保証室 室長", "品質保証室", "室長"),
    ("大阪支店 支店長", "大阪支店", "支店長"),
    ("DXグループ マネージャー", "DXグループ", "マネージャー"),
    ("ソリューション事業部 シニアマネージャー", "ソリューション事業部", "シニアマネージャー"),
    ("技術本部\n主任", "技術本部", "主任"),
    ("経営企画室", "経営企画室", nil),
    ("代表取締役社長", nil, "代表取締役社長"),
    ("取締役", nil, "取締役"),
    ("執行役員", nil, "執行役員"),
    ("次長", nil, "次長"),
    ("所長", nil, "所長"),
    ("取締役 営業本部長", nil, "取締役 営業本部長"),
    ("執行役員 CTO", nil, "執行役員 CTO"),
    ("営業推進 部長", "営業推進", "部長"),
    // A speck read as a Japanese comma at the end (eval 094).
    ("総務部取締役、", "総務部", "取締役"),
    // …or as a bar at either end (a rule's end beside the line).
    ("営業部|", "営業部", nil),
    ("|経理部 部長", "経理部", "部長"),
    // A voicing mark misread where exactly one change makes known words.
    ("東京支社 営業課\nブロジェクトリーダー", "東京支社 営業課", "プロジェクトリーダー"),
    ("開発部 シニアエンシニア", "開発部", "シニアエンジニア"),
    // Katakana that is no known word stays as printed.
    ("ブランディング部 部長", "ブランディング部", "部長"),
    // English.
    ("Senior Researcher", nil, "Senior Researcher"),
    ("Cloud & AI Department", "Cloud & AI Department", nil),
    ("Sales Dept.", "Sales Dept.", nil),
    ("Engineering Division", "Engineering Division", nil),
    ("Research Group", "Research Group", nil),
    ("Director", nil, "Director"),
    ("CEO", nil, "CEO"),
    ("Manager", nil, "Manager"),
    ("Software Engineer", nil, "Software Engineer"),
    ("Head of Sales", nil, "Head of Sales"),
    ("Manager, Sales Department", "Sales Department", "Manager"),
    ("Sales Department Manager", "Sales Department", "Manager"),
    // Japanese wins over English.
    ("営業部 Sales Department\n部長 General Manager", "営業部", "部長"),
    // A small vowel kana for a large one in a title (the vertical model, eval 088); a title
    // that is spelt with a small one stays as printed.
    ("購買部\nチーフェンジニア", "購買部", "チーフエンジニア"),
    ("購買部\nウェブディレクター", "購買部", "ウェブディレクター"),
    // One kana OCR made of a speck after a katakana title (photo 06); a plural is no title.
    ("総務部\nエンジニアテ", "総務部", "エンジニア"),
    ("パートナーズ", nil, nil),
  ]

  @Test(arguments: vectors)
  func readsDepartmentAndTitle(_ text: String, _ department: String?, _ title: String?) {
    let card = CardParser().parse(text: text)
    #expect(card.contact.department == department)
    #expect(card.contact.title == title)
    #expect(card.contact.name == nil)
  }

  @Test func titleBeforeTheName() {
    let card = CardParser().parse(text: "代表取締役 山田太郎")
    #expect(card.contact.title == "代表取締役")
    #expect(card.contact.name == "山田 太郎")
  }

  @Test func titleGluedToTheName() {
    let card = CardParser().parse(text: "代表取締役社長山田太郎")
    #expect(card.contact.title == "代表取締役社長")
    #expect(card.contact.name == "山田 太郎")
  }

  @Test func departmentTitleAndNameOnOneLine() {
    let card = CardParser().parse(text: "営業部 部長 山田 太郎")
    #expect(card.contact.department == "営業部")
    #expect(card.contact.title == "部長")
    #expect(card.contact.name == "山田 太郎")
  }

  @Test func surnamesEndingInAUnitAreNotDepartments() {
    let card = CardParser().parse(text: "阿部 健一")
    #expect(card.contact.department == nil)
    #expect(card.contact.name == "阿部 健一")
  }

  @Test func confidence() {
    #expect(CardParser().parse(text: "営業部 部長").confidence["title"] == 0.86)
    #expect(CardParser().parse(text: "営業部 部長").confidence["department"] == 0.77)
    // A unit without a unit word is a guess.
    #expect(CardParser().parse(text: "営業推進 部長").confidence["department"] == 0.54)
  }
}
