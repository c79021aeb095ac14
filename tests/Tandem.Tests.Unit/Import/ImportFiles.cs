using Tandem.Config.Import;

namespace Tandem.Tests.Unit.Import;

/// <summary>Classic config files kept in memory for the import (paths are just names).</summary>
public sealed class ImportFiles : IImportFileSource
{
    readonly Dictionary<string, string> files = new(StringComparer.Ordinal);

    public ImportFiles Add(string path, string text)
    {
        files[path] = text;
        return this;
    }

    public (ImportFile? File, string? Error) Read(string path) =>
        files.TryGetValue(path, out var text) ? (new ImportFile(path, text), null) : (null, "No such file or directory");

    public IReadOnlyList<string> Glob(string pattern)
    {
        var dir = Path.GetDirectoryName(pattern) ?? "";
        var name = Path.GetFileName(pattern);
        return [.. files.Keys.Where(f => (Path.GetDirectoryName(f) ?? "") == dir && ImportGlob.Matches(name, Path.GetFileName(f))).Order(StringComparer.Ordinal)];
    }

    /// <summary>Imports the named files (all of them when none are named).</summary>
    public ImportResult Import(params string[] paths) =>
        ConfigImporter.Import(paths.Length > 0 ? paths : [.. files.Keys], this);

    /// <summary>The errors of an import that must fail, one "FILE:LINE: message" per line.</summary>
    public string Fails(params string[] paths) =>
        Assert.Throws<Tandem.Config.ConfigException>(() => Import(paths)).Message;

    /// <summary>The walkthrough's five files under their usual names.</summary>
    public static ImportFiles Walkthrough() => new ImportFiles()
        .Add("node1/ha.cf", WalkthroughSamples.HaCfPrimary)
        .Add("node2/ha.cf", WalkthroughSamples.HaCfSecondary)
        .Add("authkeys", WalkthroughSamples.AuthKeys)
        .Add("haresources", WalkthroughSamples.HaResources)
        .Add("drbd.d/global_common.conf", WalkthroughSamples.GlobalCommon);
}
