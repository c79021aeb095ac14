using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary>
/// Turns a parsed TOML document into <see cref="TandemConfig"/>: reads every section with defaults, checks types,
/// values and cross references, and collects every problem before throwing one <see cref="ConfigException"/>.
/// </summary>
sealed partial class ConfigBuilder
{
    readonly ConfigDiagnostics diag;

    ConfigBuilder(ConfigDiagnostics diag) => this.diag = diag;

    public static TandemConfig Build(TomlTable root, string file)
    {
        var diag = new ConfigDiagnostics(file);
        var config = new ConfigBuilder(diag).Read(root);
        diag.ThrowIfErrors();
        return config with
        {
            SourcePath = file,
            Warnings = diag.Warnings,
            Locations = new Dictionary<string, ConfigLocation>(diag.Locations, StringComparer.Ordinal),
        };
    }

    TandemConfig Read(TomlTable root)
    {
        var r = new TableReader(diag, root, "");
        var cluster = ReadCluster(r);
        var nodes = ReadNodes(r);
        var volumes = ReadVolumes(r, nodes);
        var groups = ReadGroups(r, nodes, volumes);
        var notify = ReadNotify(r);
        r.RejectUnknown("a config has [cluster], [nodes.NAME], [volumes.NAME], [[groups]] and [notify]");
        return new TandemConfig { Cluster = cluster, Nodes = nodes, Volumes = volumes, Groups = groups, Notify = notify };
    }

    /// <summary>Node and volume names end up in host names, file names and /dev/tandem/NAME.</summary>
    static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name[0] is not ('.' or '-')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    const string NameRule = "use 1 to 64 letters, digits, '.', '-' or '_', not starting with '.' or '-'";
}
