import Synchronization

/// The entries of one resolved file, in memory that is handed back and reused
/// from file to file. A class, not an array, so that passing it between the
/// reading and the summing threads never copies it or reallocates it (an array
/// still referenced by the thread that gave it back is copied whole when the
/// next reader writes to it: render took 14 % more CPU).
// Sendable because: one thread holds it at a time: its reader, the summing thread (via a channel), SpareBuffers.
final class EntryBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<MergeState.RawSample>
    private(set) var capacity: Int
    /// The entries written, from `base`.
    var count = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Makes room for `capacity` entries; what is written is kept.
    func reserve(_ capacity: Int) {
        guard capacity > self.capacity else { return }
        let grown = UnsafeMutablePointer<MergeState.RawSample>.allocate(capacity: capacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        self.capacity = capacity
    }

    /// The entries written.
    var entries: UnsafeMutableBufferPointer<MergeState.RawSample> {
        UnsafeMutableBufferPointer(start: base, count: count)
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
        buffer.count = 0
        buffers.withLock { buffers in
            if buffers.count < 8 { buffers.append(buffer) }
        }
    }
}
