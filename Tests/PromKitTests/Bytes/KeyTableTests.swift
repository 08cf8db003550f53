import Testing

@testable import PromKit

/// The byte-keyed table under the merge and the parsers: keys keep their
/// addresses as more are added (the readers borrow the catalog's), copies do
/// not disturb each other, and forgetting keys gives their room back.
@Suite struct KeyTableTests {
    static func key(_ number: Int, length: Int = 150) -> [UInt8] {
        let text = "[\"family\", \"family_total\", {\"id\": \"\(number)\"}, \"help\"]"
        return Array(text.utf8) + [UInt8](repeating: UInt8(ascii: " "), count: max(0, length - text.utf8.count))
    }

    static func index(_ table: KeyTable, _ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { table.index(of: $0, hash: KeyTable.hash($0)) }
    }

    @discardableResult
    static func insert(_ table: inout KeyTable, _ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { table.insert($0, hash: KeyTable.hash($0)) }
    }

    @Test func keysKeepTheirAddressesAcrossChunks() {
        var table = KeyTable(slots: 16)
        // 20,000 keys of 150 bytes: 3 MB, many chunks and rehashes.
        var addresses: [UnsafeRawPointer] = []
        for number in 0..<20_000 {
            #expect(Self.insert(&table, Self.key(number)) == number)
            addresses.append(table.bytes(at: number).baseAddress!)
        }
        for number in stride(from: 0, to: 20_000, by: 7) {
            #expect(Self.index(table, Self.key(number)) == number)
            #expect(table.bytes(at: number).baseAddress == addresses[number])
            #expect(Array(table.bytes(at: number)) == Self.key(number))
        }
        #expect(Self.index(table, Self.key(20_000)) == nil)
        #expect(Self.insert(&table, []) == 20_000)
        #expect(Self.index(table, []) == 20_000)
    }

    @Test func copiesDoNotShareWhatTheyChange() {
        var original = KeyTable()
        for number in 0..<100 { Self.insert(&original, Self.key(number)) }
        var copy = original
        copy.truncate(to: 10)
        for number in 1000..<1200 { Self.insert(&copy, Self.key(number, length: 40)) }
        for number in 0..<100 {
            #expect(Self.index(original, Self.key(number)) == number)
            #expect(Array(original.bytes(at: number)) == Self.key(number))
        }
        #expect(Self.index(original, Self.key(1000, length: 40)) == nil)
        #expect(Self.index(copy, Self.key(50)) == nil)
        #expect(Self.index(copy, Self.key(5)) == 5)
        #expect(Self.index(copy, Self.key(1100, length: 40)) == 110)
    }

    @Test func truncateGivesTheRoomBackAndKeepsTheRest() {
        var table = KeyTable()
        for number in 0..<5000 { Self.insert(&table, Self.key(number)) }
        let kept = table.bytes(at: 2999).baseAddress
        for _ in 0..<3 {
            table.truncate(to: 3000)
            // Different keys take the forgotten room; the kept ones stay intact.
            for number in 9000..<11_000 { Self.insert(&table, Self.key(number, length: 151)) }
            #expect(table.count == 5000)
        }
        #expect(table.bytes(at: 2999).baseAddress == kept)
        #expect(table.bytes(at: 3000).baseAddress == kept.map { $0 + 150 })
        for number in 0..<3000 { #expect(Self.index(table, Self.key(number)) == number) }
        for number in 3000..<5000 { #expect(Self.index(table, Self.key(number)) == nil) }
        #expect(Self.index(table, Self.key(9500, length: 151)) == 3500)
    }

    @Test func borrowedKeysAreFoundWithoutCopies() {
        var owner = KeyTable()
        for number in 0..<300 { Self.insert(&owner, Self.key(number)) }
        var borrower = KeyTable(slots: 16)
        for number in stride(from: 299, through: 0, by: -1) {
            let bytes = owner.bytes(at: number)
            #expect(borrower.insert(borrowing: bytes, hash: KeyTable.hash(bytes)) == 299 - number)
            #expect(borrower.bytes(at: 299 - number).baseAddress == bytes.baseAddress)
        }
        for number in 0..<300 { #expect(Self.index(borrower, Self.key(number)) == 299 - number) }
    }
}
