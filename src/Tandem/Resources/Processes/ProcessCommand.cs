namespace Tandem.Resources.Processes;

/// <summary>A program to run for an agent: the file (a path or a name found in PATH), its arguments and extra environment.</summary>
public sealed record ProcessCommand(string File, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables set on top of the daemon's own environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public override string ToString() => Arguments.Count == 0 ? File : $"{File} {string.Join(' ', Arguments)}";
}
