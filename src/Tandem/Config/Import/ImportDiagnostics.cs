namespace Tandem.Config.Import;

/// <summary>A line of an imported file, printed <c>FILE:LINE</c> in messages and in comments of the output.</summary>
public readonly record struct SourceLine(string File, int Line)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}

/// <summary>
/// Warnings (what cannot be carried over) and errors (malformed input) of one import. Errors are collected per
/// file and thrown together as a <see cref="ConfigException"/>, each <c>FILE:LINE: message</c>.
/// </summary>
public sealed class ImportDiagnostics
{
    readonly List<ConfigError> errors = [];
    readonly List<ConfigError> warnings = [];

    public IReadOnlyList<ConfigError> Warnings => warnings;

    public int ErrorCount => errors.Count;

    public void Warn(SourceLine at, string message) =>
        warnings.Add(new ConfigError(at.File, at.Line, 0, null, message, ConfigSeverity.Warning));

    public void Error(SourceLine at, string message) =>
        errors.Add(new ConfigError(at.File, at.Line, 0, null, message));

    /// <summary>Stops the import with every error found so far.</summary>
    public void ThrowIfErrors()
    {
        if (errors.Count > 0)
            throw new ConfigException([.. errors], [.. warnings]);
    }

    /// <summary>Records <paramref name="message"/> and stops at once (for errors after which nothing makes sense).</summary>
    public ConfigException Fatal(SourceLine at, string message)
    {
        Error(at, message);
        return new ConfigException([.. errors], [.. warnings]);
    }
}
