import Testing

@testable import MeishiParsing

@Suite("Generated name tables")
struct NameDictionaryTests {
  let dict = NameDictionary.shared

  @Test func tablesLoad() {
    // jpnd has 1,999 surnames (gimei's 500 are among them); variant
    // spellings such as 渡邊/渡辺 share an entry.
    #expect((1900...1999).contains(dict.surnames.count))
    #expect(dict.surname("渡邊")?.readings == dict.surname("渡辺")?.readings)
    #expect(dict.givenNames.count > 10_000)
    #expect(dict.givenRomaji.count > 2_000)
  }

  @Test func surnameEntries() throws {
    let sato = try #require(dict.surname("佐藤"))
    #expect(sato.rank == 0)
    #expect(sato.readings == ["さとう"])
    #expect(sato.romaji == ["sato"])
    #expect(dict.surname("山田")?.readings == ["やまだ"])
    #expect(dict.surname("髙橋") != nil)  // folded to 高橋
    #expect(dict.surname("営業") == nil)
  }

  @Test func givenNames() {
    #expect(dict.givenReadings("太郎") == ["たろう"])
    #expect(dict.isGivenRomaji("Taro"))
    #expect(dict.isGivenRomaji("Tarou"))
    #expect(dict.isSurnameRomaji("YAMADA"))
    #expect(!dict.isSurnameRomaji("Smith"))
  }

  @Test(arguments: [
    ("Satou", "sato"), ("Satoh", "sato"), ("SATO", "sato"), ("Satō", "sato"), ("Ohno", "ono"),
    ("Namba", "nanba"), ("Yuuki", "yuki"),
  ])
  func romajiKeys(_ spelling: String, _ key: String) {
    #expect(NameDictionary.romajiKey(spelling) == key)
  }
}
