import Foundation
import Testing

@testable import PromKit

/// Names carried in a `String` come back as the kernel's exact bytes.
struct SystemPathTests {
    static func roundTrip(_ bytes: [UInt8]) -> [UInt8] {
        SystemPath.withCString(SystemPath.name(bytes)) { pointer in
            Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
        }
    }

    @Test(arguments: [
        Array("counter_12.db".utf8),
        Array("gauge_é_1.db".utf8),
        [0x63, 0xFF, 0x2E, 0x64, 0x62],  // not UTF-8
        [0x63, 0xF4, 0x8F, 0xBE, 0x87, 0x2E, 0x64, 0x62],  // U+10FF87 itself, the fuzzer's find
        [0xF4, 0x8F, 0xBC, 0x80, 0xFF],  // U+10FF00, then a stray byte
    ])
    func namesRoundTrip(bytes: [UInt8]) {
        #expect(Self.roundTrip(bytes) == bytes)
    }

    @Test func utf8NamesPassThrough() {
        #expect(SystemPath.name(Array("counter_12.db".utf8)) == "counter_12.db")
        #expect(!SystemPath.isEscaped(SystemPath.name(Array("gauge_é_1.db".utf8))))
        #expect(SystemPath.isEscaped(SystemPath.name([0x63, 0xF4, 0x8F, 0xBE, 0x87])))
    }
}
