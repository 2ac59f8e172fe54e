/// The built-in templates, as Swift strings so no resource bundle is needed.
///
/// Template format (the same for files in a templates folder, `<kind>.<language>.mustache`):
/// the first line is `Subject: …`, then a blank line, then the body. Values are inserted as
/// plain text (no HTML escaping). Variables:
///
/// - `contact.name`, `contact.company`, `contact.department`, `contact.title`,
///   `contact.family_name`, `contact.given_name`: the card's values, on one line each.
/// - `contact.honorific_name`: 「井上 一志 様」 (or 「ご担当者 様」 without a name).
/// - `contact.address_block`: the Japanese address block, as printed on the card:
///   company / department and title / name + 様, one per line.
/// - `contact.greeting_name`: the name for "Dear …," (the Latin name when known).
/// - `event` (absent when unknown), `met_date` (「4月5日」 / "April 5"), `met_date_full`
///   (「2025年4月5日」 / "April 5, 2025").
/// - `sender.name`, `sender.company`, `sender.department`, `sender.title`, `sender.email`,
///   `sender.phone`, `sender.postal_address` (〒 + postal code + address), `sender.url`,
///   `sender.company_and_name`, `sender.signature` (the whole signature block).
///
/// Absent values are absent keys, so `{{#event}}…{{/event}}{{^event}}…{{/event}}` works.
enum BuiltInTemplates {
  static func text(kind: MailKind, language: MailLanguage) -> String {
    switch (kind, language) {
    case (.introEmail, .ja): introJa
    case (.introEmail, .en): introEn
    case (.followUp, .ja): followUpJa
    case (.followUp, .en): followUpEn
    }
  }

  static let introJa = """
    Subject: 【御礼】{{#event}}{{event}}でのご挨拶{{/event}}{{^event}}先日のご挨拶{{/event}}（{{sender.company_and_name}}）

    {{contact.address_block}}

    先日は{{#event}}{{event}}にて{{/event}}ご挨拶させていただき、ありがとうございました。
    {{#sender.company}}{{sender.company}}の{{/sender.company}}{{sender.name}}でございます。

    短い時間ではございましたが、お話を伺うことができ、大変うれしく存じました。
    今後、何かお役に立てることがございましたら、お気軽にお声がけいただけますと幸いです。

    取り急ぎ、メールにて御礼申し上げます。
    今後ともどうぞよろしくお願い申し上げます。

    {{sender.signature}}

    本メールは、{{#event}}{{event}}にて{{/event}}名刺交換をさせていただいた方にお送りしております。
    送信者：{{sender.company_and_name}}（{{sender.postal_address}}）
    今後このようなご連絡が不要な場合は、お手数ですがこのメールにその旨ご返信ください（{{sender.email}}）。
    """

  static let followUpJa = """
    Subject: {{#event}}{{event}}でのご挨拶の件{{/event}}{{^event}}先日のご挨拶の件{{/event}}（{{sender.company_and_name}}）

    {{contact.address_block}}

    いつもお世話になっております。
    {{#sender.company}}{{sender.company}}の{{/sender.company}}{{sender.name}}です。

    {{met_date}}に{{#event}}{{event}}にて{{/event}}ご挨拶させていただいた件で、改めてご連絡いたしました。
    その後、いかがお過ごしでしょうか。

    もしよろしければ、改めてお打ち合わせの機会をいただけますと幸いです。
    ご都合のよろしい日時をいくつかお知らせいただけましたら、こちらで調整いたします。

    ご多用のところ恐縮ですが、ご検討のほどよろしくお願い申し上げます。

    {{sender.signature}}

    本メールは、{{#event}}{{event}}にて{{/event}}名刺交換をさせていただいた方にお送りしております。
    送信者：{{sender.company_and_name}}（{{sender.postal_address}}）
    今後このようなご連絡が不要な場合は、お手数ですがこのメールにその旨ご返信ください（{{sender.email}}）。
    """

  static let introEn = """
    Subject: {{#event}}Thank you for meeting at {{event}}{{/event}}{{^event}}Thank you for meeting with me{{/event}} ({{sender.company_and_name}})

    Dear {{contact.greeting_name}},

    Thank you for taking the time to speak with me{{#event}} at {{event}}{{/event}} on {{met_date}}. My name is {{sender.name}}{{#sender.company}}, of {{sender.company}}{{/sender.company}}; it was a pleasure to exchange business cards with you.

    If there is anything I can help you with, please do not hesitate to contact me. I hope we will have the chance to talk again soon.

    Best regards,

    {{sender.signature}}

    You are receiving this e-mail because we exchanged business cards{{#event}} at {{event}}{{/event}}. Sender: {{sender.company_and_name}}, {{sender.postal_address}}.
    If you would prefer not to receive further e-mails from us, please reply to this message ({{sender.email}}) to let us know.
    """

  static let followUpEn = """
    Subject: Following up on our meeting{{#event}} at {{event}}{{/event}} ({{sender.company_and_name}})

    Dear {{contact.greeting_name}},

    I hope this message finds you well. I am writing to follow up on our meeting{{#event}} at {{event}}{{/event}} on {{met_date}}.

    If it would be helpful, I would be glad to arrange a short meeting or call at a time convenient for you. Please let me know a few dates and times that suit you, and I will do my best to accommodate them.

    Thank you again for your time, and I look forward to hearing from you.

    Best regards,

    {{sender.signature}}

    You are receiving this e-mail because we exchanged business cards{{#event}} at {{event}}{{/event}}. Sender: {{sender.company_and_name}}, {{sender.postal_address}}.
    If you would prefer not to receive further e-mails from us, please reply to this message ({{sender.email}}) to let us know.
    """
}
