import Synchronization

/// The entries of one resolved file, in memory that is handed back and reused
/// from file to file. Passed between the reading and the summing threads by
/// value: the array moves, nothing is copied.
struct EntryBuffer: Sendable {
    /// Room for entries; the first `count` are written.
    private var storage: [MergeState.RawSample] = []
    /// The entries written.
    var count = 0

    /// Makes room for `capacity` entries; those written may be lost.
    mutating func reserve(_ capacity: Int) {
        guard storage.count < capacity else { return }
        storage = Array(repeating: MergeState.RawSample(key: 0, file: 0, value: 0, timestamp: 0), count: capacity)
    }

    /// All the room, the entries written first.
    mutating func withRoom<Result>(_ body: (UnsafeMutableBufferPointer<MergeState.RawSample>) -> Result) -> Result {
        storage.withUnsafeMutableBufferPointer { body($0) }
    }

    /// The entries written.
    func withEntries<Result, Failure>(
        _ body: (UnsafeBufferPointer<MergeState.RawSample>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try storage.withUnsafeBufferPointer { entries throws(Failure) in
            try body(UnsafeBufferPointer(rebasing: entries[..<count]))
        }
    }
}

/// Entry buffers given back by the summing side, for the reading threads to
/// fill again: after the first few files, reading allocates and faults in no
/// fresh memory.
final class SpareBuffers: Sendable {
    private let buffers = Mutex<[EntryBuffer]>([])

    func take() -> EntryBuffer {
        buffers.withLock { $0.popLast() } ?? EntryBuffer()
    }

    func put(_ buffer: EntryBuffer) {
        var buffer = buffer
        buffer.count = 0
        buffers.withLock { buffers in
            if buffers.count < 8 { buffers.append(buffer) }
        }
    }
}
