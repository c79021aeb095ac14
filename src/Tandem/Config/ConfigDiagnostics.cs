using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary>Collects every error and warning of one load, and where each key was found.</summary>
sealed class ConfigDiagnostics(string file)
{
    /// <summary>Errors beyond this many are summarised in one line.</summary>
    public const int MaxErrors = 50;

    readonly List<ConfigError> errors = [];
    readonly List<ConfigError> warnings = [];
    readonly Dictionary<string, ConfigLocation> locations = new(StringComparer.Ordinal);

    public string File => file;

    public int ErrorCount => errors.Count;

    public IReadOnlyDictionary<string, ConfigLocation> Locations => locations;

    public IReadOnlyList<ConfigError> Warnings => Sorted(warnings);

    public void Error(TomlPosition at, string? key, string message) =>
        errors.Add(new ConfigError(file, at.Line, at.Column, key, message));

    public void Warning(TomlPosition at, string? key, string message) =>
        warnings.Add(new ConfigError(file, at.Line, at.Column, key, message, ConfigSeverity.Warning));

    /// <summary>An error about the file as a whole (no line).</summary>
    public void Error(string? key, string message) => Error(default, key, message);

    public void Record(string key, TomlPosition at) => locations.TryAdd(key, new ConfigLocation(file, at.Line, at.Column));

    /// <summary>Position of a key recorded earlier, or the fallback when the key was not in the file.</summary>
    public TomlPosition PositionOf(string key, TomlPosition fallback) =>
        locations.TryGetValue(key, out var l) ? new TomlPosition(l.Line, l.Column) : fallback;

    public void ThrowIfErrors()
    {
        if (errors.Count == 0)
            return;
        var sorted = Sorted(errors);
        if (sorted.Count > MaxErrors)
            sorted = [.. sorted.Take(MaxErrors), new ConfigError(file, 0, 0, null, $"... and {sorted.Count - MaxErrors} more errors")];
        throw new ConfigException(sorted, Warnings);
    }

    static List<ConfigError> Sorted(List<ConfigError> list) =>
        [.. list.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
