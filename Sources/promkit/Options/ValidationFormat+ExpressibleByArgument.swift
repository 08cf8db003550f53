import ArgumentParser
import PromKit

extension ValidationFormat: ExpressibleByArgument {}
