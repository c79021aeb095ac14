namespace Tandem.Config.Import;

/// <summary>The TOML made from the classic files, what could not be carried over, and the config it loads as (null when it is not complete).</summary>
public sealed record ImportResult(string Toml, IReadOnlyList<ConfigError> Warnings, TandemConfig? Config);

/// <summary>
/// <c>tandem config import FILE...</c>: reads ha.cf, authkeys, haresources, drbd.conf (with its includes) and
/// /etc/hosts, and makes the equivalent Tandem config. Malformed input is a <see cref="ConfigException"/>
/// (FILE:LINE: message); the printed TOML is checked with Tandem's own loader, and what it still lacks is reported
/// as warnings.
/// </summary>
public static class ConfigImporter
{
    /// <summary>The name the output is checked under in messages.</summary>
    public const string OutputName = "<output>";

    public static ImportResult Import(IReadOnlyList<string> paths, IImportFileSource? source = null)
    {
        source ??= new DiskImportFileSource();
        var diag = new ImportDiagnostics();
        var inputs = new ImportInputs();
        var drbdSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var (file, error) = source.Read(path);
            if (file is null)
                throw diag.Fatal(new SourceLine(path, 0), $"cannot read the file: {error}");
            inputs.Files.Add(path);
            Read(file, inputs, source, diag, drbdSeen);
            diag.ThrowIfErrors();
        }
        DrbdReader.Resolve(inputs.Drbd, diag);
        var draft = ImportCombiner.Combine(inputs, diag);
        var toml = ImportPrinter.Print(draft, inputs.Files);
        var warnings = new List<ConfigError>(diag.Warnings);
        TandemConfig? config = null;
        try
        {
            config = ConfigLoader.Parse(toml, OutputName);
            warnings.AddRange(config.Warnings);
        }
        catch (ConfigException e)
        {
            warnings.AddRange(e.Errors.Select(x => x with
            {
                Key = null,
                Severity = ConfigSeverity.Warning,
                Message = $"the output is not a complete config yet: {(x.Key is null ? "" : x.Key + ": ")}{x.Message}",
            }));
        }
        return new ImportResult(toml, warnings, config);
    }

    static void Read(ImportFile file, ImportInputs inputs, IImportFileSource source, ImportDiagnostics diag, HashSet<string> drbdSeen)
    {
        switch (file.Detect())
        {
            case ImportFormat.HaCf:
                inputs.HaCfs.Add(HaCfReader.Read(file, diag));
                break;
            case ImportFormat.AuthKeys:
                if (AuthKeysReader.Read(file, diag) is { } keys)
                    inputs.AuthKeys.Add(keys);
                break;
            case ImportFormat.HaResources:
                inputs.HaResources.AddRange(HaResourcesReader.Read(file, diag));
                break;
            case ImportFormat.Drbd:
                inputs.HasDrbd = true;
                DrbdReader.Read(file, source, diag, inputs.Drbd, drbdSeen);
                break;
            case ImportFormat.Hosts:
                inputs.Hosts.AddRange(HostsReader.Read(file, diag));
                break;
            default:
                diag.Error(new SourceLine(file.Path, 0),
                    "cannot tell which classic config this is; name it ha.cf, authkeys, haresources, hosts, drbd.conf or *.res (a prefix or suffix such as node1-ha.cf is fine)");
                break;
        }
    }
}
