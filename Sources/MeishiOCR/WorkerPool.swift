import Foundation

/// Runs work items on a fixed number of threads, each with its own non-`Sendable`
/// worker (a Tesseract engine), and hands the results back **in input order**, as
/// soon as each next one is ready.
///
/// Threads rather than Swift tasks: one recognition blocks for a few hundred
/// milliseconds inside C, which must not tie up the cooperative pool; and each
/// engine stays on the thread that created it. At most `window` results wait
/// undelivered, so memory stays bounded however many files there are.
public enum WorkerPool {
  /// - Parameters:
  ///   - count: how many items (indices `0..<count`).
  ///   - jobs: how many threads (each builds one worker).
  ///   - makeWorker: builds a worker on its thread; a throw stops the run.
  ///   - work: processes item `index` with the thread's worker.
  ///   - deliver: called on the calling thread, in index order.
  /// - Throws: the first error thrown by `makeWorker`.
  public static func run<Worker, Output: Sendable>(
    count: Int, jobs: Int,
    makeWorker: @escaping @Sendable () throws -> Worker,
    work: @escaping @Sendable (Worker, Int) -> Output,
    deliver: (Int, Output) -> Void
  ) throws {
    guard count > 0 else { return }
    let threads = max(1, min(jobs, count))
    let state = PoolState<Output>(window: max(4, threads * 4))
    for n in 0..<threads {
      let t = Thread {
        let worker: Worker
        do {
          worker = try makeWorker()
        } catch {
          state.fail(error)
          return
        }
        while let i = state.claim(count: count) {
          let out = work(worker, i)
          state.finish(i, out)
        }
      }
      t.name = "meishi-ocr-\(n)"
      t.stackSize = 16 << 20
      t.start()
    }
    for i in 0..<count {
      switch state.take(i) {
      case .success(let out): deliver(i, out)
      case .failure(let error): throw error
      }
    }
  }
}

/// Shared state of one pool run, guarded by its condition lock.
private final class PoolState<Output: Sendable>: @unchecked Sendable {
  private let cond = NSCondition()
  private let window: Int
  private var next = 0
  private var delivered = 0
  private var results: [Int: Output] = [:]
  private var error: (any Error)?

  init(window: Int) { self.window = window }

  func claim(count: Int) -> Int? {
    cond.lock()
    defer { cond.unlock() }
    while error == nil && next < count && next >= delivered + window { cond.wait() }
    guard error == nil, next < count else { return nil }
    defer { next += 1 }
    return next
  }

  func finish(_ i: Int, _ out: Output) {
    cond.lock()
    results[i] = out
    cond.broadcast()
    cond.unlock()
  }

  func fail(_ e: any Error) {
    cond.lock()
    if error == nil { error = e }
    cond.broadcast()
    cond.unlock()
  }

  func take(_ i: Int) -> Result<Output, any Error> {
    cond.lock()
    defer { cond.unlock() }
    while results[i] == nil && error == nil { cond.wait() }
    if let out = results.removeValue(forKey: i) {
      delivered = i + 1
      cond.broadcast()
      return .success(out)
    }
    return .failure(error ?? CancellationError())
  }
}
