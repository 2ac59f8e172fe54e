import CCurl
import Foundation

/// Sends mail to an SMTP server with libcurl: plain, STARTTLS or implicit TLS, optional AUTH.
///
/// Each `send` opens one connection (EHLO, [STARTTLS], [AUTH], MAIL FROM, RCPT TO…, DATA, QUIT)
/// and blocks until the server has answered the message or the timeout has passed; call it off
/// the main thread (from a `Task`) in an interactive program.
///
/// Failures are classified by what a retry would do:
/// - the server's last reply code 4xx → `.temporary`; 5xx → `.permanent`
///   (the reply text is in `MailError.reply`);
/// - no reply to judge by: connection refused, name not resolved, timeout, connection dropped
///   (also after DATA, when the server may or may not have kept the message) → `.temporary`;
/// - authentication refused, STARTTLS not offered, certificate not trusted → `.permanent`
///   (the settings must change first);
/// - a URL or protocol libcurl cannot use → `.invalidConfiguration`.
public struct SMTPTransport: MailTransport {
  public struct Configuration: Sendable, Equatable, CustomStringConvertible {
    public enum Security: String, Sendable, Codable, CaseIterable {
      /// Plain text (a local relay, a test server).
      case none
      /// Plain connection upgraded with STARTTLS, which must succeed (usually port 587).
      case startTLS = "starttls"
      /// TLS from the first byte, `smtps://` (usually port 465).
      case tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The longest a whole send may take, connection included.
    public var timeout: Duration
    /// The longest the connection (and TLS handshake) may take.
    public var connectTimeout: Duration
    /// The name sent with EHLO; libcurl uses the machine's host name when nil.
    public var heloName: String?
    /// Allow a password over a connection without TLS to a host other than this machine.
    public var allowPlaintextAuth: Bool
    /// A PEM file of CA certificates to trust instead of the system's (a private relay).
    public var caCertificatePath: String?

    public init(
      host: String, port: Int? = nil, security: Security = .startTLS, username: String? = nil,
      password: String? = nil, timeout: Duration = .seconds(60),
      connectTimeout: Duration = .seconds(15), heloName: String? = nil,
      allowPlaintextAuth: Bool = false, caCertificatePath: String? = nil
    ) {
      self.host = host
      self.port = port ?? Self.defaultPort(security)
      self.security = security
      self.username = username
      self.password = password
      self.timeout = timeout
      self.connectTimeout = connectTimeout
      self.heloName = heloName
      self.allowPlaintextAuth = allowPlaintextAuth
      self.caCertificatePath = caCertificatePath
    }

    /// 25 for `.none`, 587 for `.startTLS`, 465 for `.tls`.
    public static func defaultPort(_ security: Security) -> Int {
      switch security {
      case .none: 25
      case .startTLS: 587
      case .tls: 465
      }
    }

    /// The settings without the password.
    public var description: String {
      "\(security == .tls ? "smtps" : "smtp")://\(hostForURL):\(port) security=\(security.rawValue)"
        + (username.map { " user=\($0)" } ?? "") + (password == nil ? "" : " password=***")
    }

    var hostForURL: String {
      host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }

    var url: String {
      let scheme = security == .tls ? "smtps" : "smtp"
      return "\(scheme)://\(hostForURL):\(port)/" + (heloName ?? "")
    }

    var isLoopback: Bool {
      let h = host.lowercased()
      return h == "localhost" || h.hasPrefix("127.") || h == "::1" || h == "[::1]"
    }

    func validate() throws(MailError) {
      let hostChars = host.unicodeScalars.allSatisfy {
        $0.isASCII
          && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
            || ".-:[]".unicodeScalars
              .contains($0))
      }
      guard !host.isEmpty, hostChars else {
        throw MailError(
          .invalidConfiguration,
          "The SMTP host \(debugQuoted(host)) is not a host name or IP address. "
            + "Set it to e.g. smtp.example.co.jp or 127.0.0.1.")
      }
      guard (1...65535).contains(port) else {
        throw MailError(
          .invalidConfiguration,
          "The SMTP port \(port) is out of range. Use 587 (STARTTLS), 465 (TLS) or 25.")
      }
      if let heloName, !MailAddress.isHostName(heloName[...]) {
        throw MailError(
          .invalidConfiguration,
          "The EHLO name \(debugQuoted(heloName)) is not a host name. Leave it out or use "
            + "this machine's domain name.")
      }
      for (label, value) in [("user name", username), ("password", password)] {
        if let value, value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        {
          throw MailError(
            .invalidConfiguration,
            "The SMTP \(label) has a control character (a line break?). Re-enter it.")
        }
      }
      if let caCertificatePath, !FileManager.default.fileExists(atPath: caCertificatePath) {
        throw MailError(
          .invalidConfiguration,
          "The CA certificate file \(caCertificatePath) does not exist. Give the PEM file of the "
            + "CA that signed the SMTP server's certificate, or leave it out to use the system's.")
      }
      if password != nil, security == .none, !isLoopback, !allowPlaintextAuth {
        throw MailError(
          .invalidConfiguration,
          "Refusing to send the SMTP password to \(host) without TLS. Use security starttls "
            + "or tls, or allow plain-text authentication explicitly.")
      }
    }
  }

  public var configuration: Configuration

  public init(configuration: Configuration) {
    self.configuration = configuration
  }

  public init(
    host: String, port: Int? = nil, security: Configuration.Security = .startTLS,
    username: String? = nil, password: String? = nil, timeout: Duration = .seconds(60)
  ) {
    self.init(
      configuration: Configuration(
        host: host, port: port, security: security, username: username, password: password,
        timeout: timeout))
  }

  @discardableResult
  public func send(_ message: MailMessage, from: String, to: [String]) throws(MailError)
    -> MailDelivery
  {
    try configuration.validate()
    let (sender, recipients) = try validatedEnvelope(from: from, to: to)
    _ = Self.globalInit
    let payload = UploadPayload(message.rfc822())
    let replies = ReplyCollector()
    let outcome = withExtendedLifetime((payload, replies)) {
      perform(from: sender, to: recipients, payload: payload, replies: replies)
    }
    let last = replies.lastReply(withCode: outcome.responseCode)
    if outcome.code == CURLE_OK {
      return MailDelivery(messageID: message.messageID, recipients: recipients, reply: last)
    }
    throw classify(outcome, lastReply: last)
  }

  // MARK: - libcurl

  private static let globalInit: Void = {
    _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
  }()

  struct Outcome {
    var code: CURLcode
    var responseCode: Int
    var errorText: String
  }

  private func perform(from: String, to: [String], payload: UploadPayload, replies: ReplyCollector)
    -> Outcome
  {
    guard let curl = curl_easy_init() else {
      return Outcome(code: CURLE_FAILED_INIT, responseCode: 0, errorText: "curl_easy_init failed")
    }
    var rcpt: UnsafeMutablePointer<curl_slist>? = nil
    for r in to { rcpt = curl_slist_append(rcpt, "<\(r)>") }
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    // Cleanup sends QUIT and may still call the header callback: the collector outlives it.
    defer {
      curl_easy_cleanup(curl)
      curl_slist_free_all(rcpt)
      errorBuffer.deallocate()
    }

    let c = configuration
    var rc = CURLE_OK
    func set(_ r: CURLcode) { if rc == CURLE_OK && r != CURLE_OK { rc = r } }
    set(ccurl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errorBuffer))
    set(ccurl_setopt_string(curl, CURLOPT_URL, c.url))
    set(ccurl_setopt_string(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps"))
    set(ccurl_setopt_long(curl, CURLOPT_NOSIGNAL, 1))
    set(ccurl_setopt_long(curl, CURLOPT_TIMEOUT_MS, Self.milliseconds(c.timeout)))
    set(ccurl_setopt_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(c.connectTimeout)))
    let useSSL: curl_usessl =
      switch c.security {
      case .none: CURLUSESSL_NONE
      case .startTLS, .tls: CURLUSESSL_ALL
      }
    set(ccurl_setopt_long(curl, CURLOPT_USE_SSL, Int(useSSL.rawValue)))
    if let ca = c.caCertificatePath { set(ccurl_setopt_string(curl, CURLOPT_CAINFO, ca)) }
    if let u = c.username { set(ccurl_setopt_string(curl, CURLOPT_USERNAME, u)) }
    if let p = c.password { set(ccurl_setopt_string(curl, CURLOPT_PASSWORD, p)) }
    set(ccurl_setopt_string(curl, CURLOPT_MAIL_FROM, "<\(from)>"))
    set(ccurl_setopt_slist(curl, CURLOPT_MAIL_RCPT, rcpt))
    set(ccurl_setopt_long(curl, CURLOPT_UPLOAD, 1))
    set(ccurl_setopt_read_cb(curl, uploadRead))
    set(ccurl_setopt_pointer(curl, CURLOPT_READDATA, Unmanaged.passUnretained(payload).toOpaque()))
    set(ccurl_setopt_header_cb(curl, replyLine))
    set(
      ccurl_setopt_pointer(curl, CURLOPT_HEADERDATA, Unmanaged.passUnretained(replies).toOpaque()))
    if rc != CURLE_OK {
      return Outcome(code: rc, responseCode: 0, errorText: String(cString: curl_easy_strerror(rc)))
    }

    rc = curl_easy_perform(curl)
    var response = 0
    _ = ccurl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &response)
    var text = String(cString: errorBuffer)
    if text.isEmpty { text = String(cString: curl_easy_strerror(rc)) }
    return Outcome(code: rc, responseCode: response, errorText: text)
  }

  static func milliseconds(_ d: Duration) -> Int {
    let (s, atto) = d.components
    return max(1, Int(s) * 1000 + Int(atto / 1_000_000_000_000_000))
  }

  func classify(_ o: Outcome, lastReply: String?) -> MailError {
    let server = "\(configuration.host):\(configuration.port)"
    let reply = lastReply
    let replyPart = reply.map { "\"\($0)\"" } ?? "reply code \(o.responseCode)"
    let curlPart = "(libcurl: \(o.errorText))"
    switch o.responseCode {
    case 400..<500:
      return MailError(
        .temporary,
        "The SMTP server \(server) deferred the message: \(replyPart) \(curlPart). "
          + "Send the same message again later.",
        replyCode: o.responseCode, reply: reply)
    case 500..<600:
      let hint =
        o.code == CURLE_LOGIN_DENIED
        ? "Check the SMTP user name and password."
        : "Check the addresses and the sender's permission to send through this server; "
          + "sending the same message again will fail again."
      return MailError(
        .permanent,
        "The SMTP server \(server) refused the message: \(replyPart) \(curlPart). \(hint)",
        replyCode: o.responseCode, reply: reply)
    default:
      break
    }
    let reported: Int? = o.responseCode > 0 ? o.responseCode : nil
    switch o.code {
    case CURLE_LOGIN_DENIED:
      return MailError(
        .permanent,
        "The SMTP server \(server) refused the login \(curlPart). Check the user name and password.",
        replyCode: reported, reply: reply)
    case CURLE_USE_SSL_FAILED:
      return MailError(
        .permanent,
        "The SMTP server \(server) does not offer STARTTLS \(curlPart). Use security tls "
          + "(port 465) if it speaks TLS from the start, or none only for a trusted local relay.",
        replyCode: reported, reply: reply)
    case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
      return MailError(
        .permanent,
        "The TLS certificate of \(server) is not trusted \(curlPart). Check the host name, "
          + "and the system's CA certificates (or the CA file in the settings).",
        replyCode: reported, reply: reply)
    case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_NOT_BUILT_IN,
      CURLE_UNKNOWN_OPTION, CURLE_FAILED_INIT:
      return MailError(
        .invalidConfiguration,
        "libcurl cannot use \(configuration) \(curlPart). Check the host, port and security "
          + "settings, and that libcurl was built with SMTP and TLS.")
    case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST:
      return MailError(
        .temporary,
        "Cannot connect to the SMTP server \(server) \(curlPart). Check the host and port; "
          + "if they are right the server is down or unreachable: send again later.",
        replyCode: reported, reply: reply)
    case CURLE_OPERATION_TIMEDOUT:
      return MailError(
        .temporary,
        "The SMTP server \(server) did not answer in time \(curlPart). Send the same message "
          + "again later; if this was after the data was sent, it may have arrived.",
        replyCode: reported, reply: reply)
    default:
      let afterData = o.responseCode == 354
      return MailError(
        .temporary,
        "The connection to the SMTP server \(server) failed"
          + (afterData ? " after the message was sent, before the server confirmed it" : "")
          + " \(curlPart). Send the same message (same Message-ID) again later"
          + (afterData ? "; the server may already have it." : "."),
        replyCode: reported, reply: reply)
    }
  }
}

/// The message bytes handed to libcurl's read callback.
final class UploadPayload {
  let bytes: [UInt8]
  var offset = 0

  init(_ data: Data) { bytes = [UInt8](data) }

  var count: Int { bytes.count }

  func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
    let n = min(max, bytes.count - offset)
    guard n > 0 else { return 0 }
    bytes.withUnsafeBufferPointer { src in
      guard let base = src.baseAddress else { return }
      UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: n)
    }
    offset += n
    return n
  }
}

/// Collects the server's replies (libcurl passes each SMTP reply line to the header callback).
final class ReplyCollector {
  private var pending: [String] = []
  /// The complete replies so far; a multi-line reply joined with spaces after its code.
  private(set) var replies: [String] = []

  func add(_ raw: String) {
    let line = raw.trimmingCharacters(in: .newlines)
    let bytes = Array(line.utf8)
    guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return }
    if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") {
      pending.append(line)
      return
    }
    let parts = pending.map { String($0.dropFirst(4)) } + [String(line.dropFirst(4))]
    replies.append(
      String(line.prefix(3)) + " " + parts.filter { !$0.isEmpty }.joined(separator: " "))
    pending = []
  }

  /// The last reply with this code: the one libcurl judged by (libcurl may have sent QUIT
  /// and received `221` after it).
  func lastReply(withCode code: Int) -> String? {
    guard code > 0 else { return nil }
    return replies.last { $0.hasPrefix(String(code)) }
  }
}

private let uploadRead: ccurl_io_cb = { buffer, size, count, userdata in
  guard let buffer, let userdata else { return 0 }
  let payload = Unmanaged<UploadPayload>.fromOpaque(userdata).takeUnretainedValue()
  return payload.read(into: buffer, max: size * count)
}

private let replyLine: ccurl_io_cb = { buffer, size, count, userdata in
  let n = size * count
  guard let buffer, let userdata else { return n }
  let collector = Unmanaged<ReplyCollector>.fromOpaque(userdata).takeUnretainedValue()
  let text = UnsafeRawBufferPointer(start: buffer, count: n)
  collector.add(String(decoding: text, as: UTF8.self))
  return n
}
