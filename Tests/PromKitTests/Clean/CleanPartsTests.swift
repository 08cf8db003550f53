import Foundation
import TestSupport
import Testing

@testable import PromKit

#if canImport(Glibc)
    import Glibc
#endif

/// The pieces of `clean`: ages, the journal, /proc maps.
@Suite struct CleanPartsTests {
    @Test func journalRoundTrips() {
        let journal = CleanJournal(
            state: .commit, staged: [("counter_12.db", ".counter_12.db.promkit-fold")],
            archives: [
                .init(
                    temporary: ".counter_archive.db.promkit-new", final: "counter_archive.db",
                    old: ".counter_archive.db.promkit-old"),
                .init(temporary: ".summary_archive.db.promkit-new", final: "summary_archive.db", old: nil),
            ])
        #expect(CleanJournal.parse(journal.render()) == journal)
        // A torn write (no end line) is not a journal.
        #expect(CleanJournal.parse(Array(journal.render().dropLast(4))) == nil)
        #expect(CleanJournal.originalName(ofStaged: ".counter_12.db.promkit-fold") == "counter_12.db")
        #expect(CleanJournal.originalName(ofStaged: "counter_12.db") == nil)
        #expect(CleanJournal.isScratch(".counter_archive.db.promkit-old"))
        #expect(CleanJournal.isScratch("..counter_archive.db.promkit-new.promkit-tmp-12"))
        #expect(!CleanJournal.isScratch("counter_archive.db"))
    }

    @Test func mapsLinesParse() {
        let line = Array("7f0000000000-7f0000010000 rw-s 00000000 fd:01 1234567  /tmp/x/counter_1.db".utf8)
        let id = ProcessMaps.parse(line[...])
        #expect(id?.inode == 1_234_567)
        #expect(id?.device == (0xfd << 8 | 1))
    }

    /// A file this process maps is found in /proc/self/maps by device and inode.
    @Test func findsOwnMapping() throws {
        let folder = try TestSupport.temporaryDirectory("maps")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/counter_1.db"
        try DBFileWriter.write([], layout: .v2, to: path)
        let descriptor = open(path, O_RDWR)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        let mapping = mmap(nil, 65536, PROT_READ, MAP_SHARED, descriptor, 0)
        defer { munmap(mapping, 65536) }
        var status = stat()
        #expect(fstat(descriptor, &status) == 0)
        let id = ProcessMaps.FileID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        let maps = ProcessMaps.scan(for: [id])
        #expect(maps.mappedBy[id]?.contains(getpid()) == true)
    }
}
