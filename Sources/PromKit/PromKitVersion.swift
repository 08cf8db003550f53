/// promkit's version.
public enum PromKitVersion {
    /// The version string `promkit --version` prints.
    public static let current = "0.1.0"
}
