namespace Tandem.Config;

/// <summary>
/// The config could not be read, parsed or validated. <see cref="Errors"/> lists every problem found (not only the
/// first); <see cref="Exception.Message"/> is those errors, one per line, each formatted <c>FILE:LINE: message</c>.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors, IReadOnlyList<ConfigError>? warnings = null)
        : base(Format(errors))
    {
        if (errors.Count == 0)
            throw new ArgumentException("a ConfigException needs at least one error", nameof(errors));
        Errors = errors;
        Warnings = warnings ?? [];
    }

    public ConfigException(ConfigError error)
        : this([error])
    {
    }

    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>Warnings found alongside the errors (not part of <see cref="Exception.Message"/>).</summary>
    public IReadOnlyList<ConfigError> Warnings { get; }

    static string Format(IReadOnlyList<ConfigError> errors) => string.Join('\n', errors);
}
