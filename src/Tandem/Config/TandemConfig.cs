namespace Tandem.Config;

/// <summary>
/// The whole config file, validated, with defaults filled in. Dictionaries keep the order of the file.
/// Build one with <see cref="ConfigLoader"/>.
/// </summary>
public sealed record TandemConfig
{
    public required ClusterOptions Cluster { get; init; }

    /// <summary>One or two nodes, by name.</summary>
    public required IReadOnlyDictionary<string, NodeOptions> Nodes { get; init; }

    public IReadOnlyDictionary<string, VolumeOptions> Volumes { get; init; } = new Dictionary<string, VolumeOptions>();

    /// <summary>Resource groups in file order.</summary>
    public IReadOnlyList<GroupOptions> Groups { get; init; } = [];

    /// <summary><c>[notify]</c>: email and webhook notifications; <see cref="NotifyOptions.None"/> when absent.</summary>
    public NotifyOptions Notify { get; init; } = NotifyOptions.None;

    /// <summary>The file the config was read from (as given, not canonicalised).</summary>
    public string SourcePath { get; init; } = "";

    /// <summary>Things that work but are probably not meant (e.g. warntime ≥ deadtime).</summary>
    public IReadOnlyList<ConfigError> Warnings { get; init; } = [];

    /// <summary>Where each key set in the file is, by dotted path (<c>volumes.r0.on.db-server-01.disk</c>).</summary>
    public IReadOnlyDictionary<string, ConfigLocation> Locations { get; init; } = new Dictionary<string, ConfigLocation>();

    /// <summary>The other node of a two-node cluster, or null when <paramref name="node"/> is alone.</summary>
    public string? PeerOf(string node) => Nodes.Keys.FirstOrDefault(n => n != node);

    /// <summary>The dotted path of a key as <see cref="Locations"/> spells it, quoting parts that need it: KeyPath("volumes", "r0", "on", node, "disk").</summary>
    public static string KeyPath(params string[] parts) => Toml.TomlFormat.Key(parts);

    /// <summary>"FILE:LINE" of a key for messages such as "auth_key_file (tandem.toml:3) is mode 0644"; just FILE if unknown.</summary>
    public string Where(string key) =>
        Locations.TryGetValue(key, out var at) ? at.ToString() : SourcePath;
}

/// <summary>A place in a config file (1-based line and column).</summary>
public readonly record struct ConfigLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}";
}
