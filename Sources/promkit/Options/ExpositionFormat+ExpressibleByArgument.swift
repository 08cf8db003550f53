import ArgumentParser
import PromKit

extension ExpositionFormat: ExpressibleByArgument {}

extension NameEscaping: ExpressibleByArgument {}
