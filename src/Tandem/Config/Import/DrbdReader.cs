namespace Tandem.Config.Import;

/// <summary>
/// Reads drbd.conf files (DRBD 8.3 and 8.4 syntax; the parts of 9 that a two-node setup uses): <c>include</c>
/// (relative to the including file, wildcards in the file name), <c>global</c>, <c>common</c> and
/// <c>resource</c> sections. What has a Tandem equivalent is kept; everything else is one warning.
/// </summary>
public sealed partial class DrbdReader
{
    readonly IImportFileSource files;
    readonly ImportDiagnostics diag;
    readonly DrbdConfig config;
    readonly HashSet<string> seen = new(StringComparer.Ordinal);

    DrbdReader(IImportFileSource files, ImportDiagnostics diag, DrbdConfig config)
    {
        this.files = files;
        this.diag = diag;
        this.config = config;
    }

    /// <summary>Reads <paramref name="file"/> (and what it includes) into <paramref name="config"/>; <see cref="Resolve"/> then builds the resources.</summary>
    public static void Read(ImportFile file, IImportFileSource files, ImportDiagnostics diag, DrbdConfig config, ISet<string> seen)
    {
        var reader = new DrbdReader(files, diag, config);
        reader.seen.UnionWith(seen);
        reader.ReadFile(file);
        seen.UnionWith(reader.seen);
    }

    /// <summary>Builds the resources read so far, once every file (and so the common section) has been read.</summary>
    public static void Resolve(DrbdConfig config, ImportDiagnostics diag)
    {
        var reader = new DrbdReader(new DiskImportFileSource(), diag, config);
        foreach (var s in config.Pending)
            reader.Resource(s);
        config.Pending.Clear();
        diag.ThrowIfErrors();
    }

    void ReadFile(ImportFile file)
    {
        if (!seen.Add(Path.GetFullPath(file.Path)))
            return;
        var statements = DrbdSyntax.Parse(file, diag);
        foreach (var s in statements.Where(s => s.Keyword == "common"))
            config.Common = Options(s, config.Common, "common");
        foreach (var s in statements)
        {
            switch (s.Keyword)
            {
                case "include":
                    Include(file, s);
                    break;
                case "global":
                    foreach (var g in s.Block ?? [])
                        diag.Warn(g.At, $"global {g.Keyword}: {(g.Keyword == "usage-count" ? "Tandem reports nothing to anyone" : "no Tandem equivalent")}; not imported");
                    break;
                case "common":
                    break;
                case "resource":
                    config.Pending.Add(s);
                    break;
                default:
                    diag.Error(s.At, $"\"{s.Keyword}\" cannot stand at the top of drbd.conf; expected global, common, resource or include");
                    break;
            }
        }
        diag.ThrowIfErrors();
    }

    void Include(ImportFile from, DrbdStatement s)
    {
        if (s.Args.Count != 1 || s.Block is not null)
        {
            diag.Error(s.At, "include takes one file name or pattern: include \"drbd.d/*.res\";");
            return;
        }
        var pattern = s.Args[0].Text;
        var dir = Path.GetDirectoryName(from.Path);
        var full = Path.IsPathRooted(pattern) || string.IsNullOrEmpty(dir) ? pattern : Path.Combine(dir, pattern);
        if (ImportGlob.HasWildcard(Path.GetDirectoryName(full) ?? ""))
        {
            diag.Error(s.At, $"include \"{pattern}\": wildcards are supported in the file name only; list the directories one by one");
            return;
        }
        IReadOnlyList<string> paths = ImportGlob.HasWildcard(Path.GetFileName(full)) ? files.Glob(full) : [full];
        if (paths.Count == 0)
            diag.Warn(s.At, $"include \"{pattern}\" matches no file ({full}); nothing included");
        foreach (var path in paths)
        {
            var (file, error) = files.Read(path);
            if (file is null)
                throw diag.Fatal(s.At, $"include \"{pattern}\": cannot read {path}: {error}; give the files it names next to it");
            ReadFile(file);
        }
    }
}
