namespace Tandem.Config;

public enum ConfigSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One problem in a config file. <see cref="Line"/> and <see cref="Column"/> are 1-based; 0 means the problem
/// concerns the file as a whole. <see cref="Key"/> is the dotted key path (<c>volumes.r0.protocol</c>) when the
/// problem belongs to a key.
/// </summary>
public sealed record ConfigError(
    string File,
    int Line,
    int Column,
    string? Key,
    string Message,
    ConfigSeverity Severity = ConfigSeverity.Error)
{
    /// <summary><c>FILE:LINE: [warning: ][KEY: ]message</c>, the shape compilers use so editors can jump to it.</summary>
    public override string ToString()
    {
        var where = File.Length == 0 ? "" : Line > 0 ? $"{File}:{Line}: " : $"{File}: ";
        var level = Severity == ConfigSeverity.Warning ? "warning: " : "";
        var key = Key is null ? "" : $"{Key}: ";
        return where + level + key + Message;
    }
}
