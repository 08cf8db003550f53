import Foundation
import PromKit
import TestSupport
import Testing

/// Every check passes on a sound setup and fails on a setup built to break it.
@Suite struct DoctorTests {
    static let allChecks = [
        "environment.set", "environment.lowercase", "environment.misspelt", "directory.exists", "directory.writable",
        "directory.world-writable", "directory.local", "directory.free-space", "files.dead-processes",
        "files.not-wiped", "files.mixed-layouts", "files.empty", "files.unknown", "gauges.all-mode", "writers.live",
    ]

    @Test func soundSetupPassesEveryCheck() throws {
        let setup = try DoctorSetup.sound()
        defer { setup.remove() }
        let report = setup.doctor().examine()
        #expect(report.checks.map(\.id) == Self.allChecks)
        for check in report.checks {
            #expect(check.status == .pass, "\(check.id): \(check.detail)")
        }
        #expect(!report.hasFailures)
        #expect(report.lines().last == "all \(Self.allChecks.count) checks passed")
    }

    /// Ways to break a sound setup, each with the one check it must fail.
    enum Breakage: String, CaseIterable, Sendable {
        case variableUnset, lowercaseVariable, misspeltVariable, missingDirectory, notADirectory, worldWritable
        case networkFileSystem, noFreeSpace, staleDeadFiles, notWiped, mixedLayouts, emptyFile, unknownFile
        case allModeGauge, noLiveWriter

        var failing: [String] {
            switch self {
            case .variableUnset: return ["environment.set"]
            case .lowercaseVariable: return ["environment.set", "environment.lowercase"]
            case .misspeltVariable: return ["environment.set", "environment.misspelt"]
            case .missingDirectory, .notADirectory: return ["directory.exists"]
            case .worldWritable: return ["directory.world-writable"]
            case .networkFileSystem: return ["directory.local"]
            case .noFreeSpace: return ["directory.free-space"]
            case .staleDeadFiles, .notWiped: return ["files.dead-processes", "files.not-wiped"]
            case .mixedLayouts: return ["files.mixed-layouts"]
            case .emptyFile: return ["files.empty"]
            case .unknownFile: return ["files.unknown"]
            case .allModeGauge: return ["gauges.all-mode"]
            case .noLiveWriter: return ["files.dead-processes", "writers.live"]
            }
        }
    }

    @Test(arguments: Breakage.allCases)
    func brokenSetupFailsItsCheck(breakage: Breakage) throws {
        var setup = try DoctorSetup.sound()
        defer { setup.remove() }
        let dead = DoctorSetup.deadPid
        var doctor: Doctor?
        switch breakage {
        case .variableUnset:
            setup.environment["PROMETHEUS_MULTIPROC_DIR"] = nil
            doctor = Doctor(explicitDirectory: setup.directory, environment: setup.environment)
        case .lowercaseVariable:
            setup.environment["PROMETHEUS_MULTIPROC_DIR"] = nil
            setup.environment["prometheus_multiproc_dir"] = setup.directory
        case .misspeltVariable:
            setup.environment["PROMETHEUS_MULTIPROC_DIR"] = nil
            setup.environment["PROMETHEUS_MULTIPROCESS_DIR"] = setup.directory
            doctor = Doctor(explicitDirectory: setup.directory, environment: setup.environment)
        case .missingDirectory:
            setup.environment["PROMETHEUS_MULTIPROC_DIR"] = setup.directory + "/missing"
        case .notADirectory:
            setup.environment["PROMETHEUS_MULTIPROC_DIR"] = setup.directory + "/counter_\(DoctorSetup.ownPid).db"
        case .worldWritable:
            chmod(setup.directory, 0o777)
        case .networkFileSystem:
            var nfs = setup.doctor()
            nfs.fileSystem = { _ in FileSystemInfo(magic: 0x6969, freeBytes: 1 << 40, freeInodes: 1 << 20) }
            doctor = nfs
        case .noFreeSpace:
            var full = setup.doctor()
            full.minimumFreeBytes = UInt64.max
            doctor = full
        case .staleDeadFiles:
            try setup.add("v2-0.26.0/db/counter_9033.db", as: "counter_\(dead).db")
            try setup.age("counter_\(dead).db", days: 10)
        case .notWiped:
            try setup.add("v2-0.26.0/db/histogram_9033.db", as: "histogram_\(dead).db")
            try setup.age("histogram_\(dead).db", days: 1)
        case .mixedLayouts:
            try setup.add("v1-0.17.1/db/counter_9056.db", as: "summary_\(DoctorSetup.ownPid).db")
        case .emptyFile:
            #expect(
                FileManager.default.createFile(
                    atPath: setup.directory + "/summary_\(DoctorSetup.ownPid).db", contents: nil))
        case .unknownFile:
            try setup.add("v2-0.26.0/db/counter_9031.db", as: "requests_\(DoctorSetup.ownPid).db")
        case .allModeGauge:
            try setup.add("v2-0.26.0/db/gauge_all_9031.db", as: "gauge_all_\(DoctorSetup.ownPid).db")
        case .noLiveWriter:
            for name in try FileManager.default.contentsOfDirectory(atPath: setup.directory) {
                let renamed = name.replacingOccurrences(of: "\(DoctorSetup.ownPid)", with: "\(dead)")
                try FileManager.default.moveItem(
                    atPath: setup.directory + "/" + name, toPath: setup.directory + "/" + renamed)
            }
        }
        let report = (doctor ?? setup.doctor()).examine()
        let failed = report.checks.filter { $0.status == .fail }.map(\.id)
        #expect(failed == breakage.failing, "\(report.lines().joined(separator: "\n"))")
        #expect(report.hasFailures)
        for check in report.checks where check.status == .fail {
            #expect(!check.fix.isEmpty, "\(check.id) has no fix")
            #expect(!check.detail.isEmpty, "\(check.id) says nothing")
        }
        if breakage == .staleDeadFiles {
            let check = try #require(report.checks.first { $0.id == "files.dead-processes" })
            #expect(check.detail.contains("1 file of 1 dead process"))
            #expect(check.detail.contains("10d"))
            #expect(check.fix.contains("promkit clean --quiet \(setup.directory)"))
        }
        if breakage == .missingDirectory {
            #expect(report.checks.filter { $0.status == .skipped }.count == 11)
        }
    }
}
