using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Tandem.Nbd;

/// <summary>A thread-safe, mutable set of exports.</summary>
public sealed class NbdExportRegistry : INbdExportProvider
{
    private readonly ConcurrentDictionary<string, INbdExport> _exports = new(StringComparer.Ordinal);

    public NbdExportRegistry(params IEnumerable<INbdExport> exports)
    {
        foreach (INbdExport export in exports)
        {
            Add(export);
        }
    }

    public IEnumerable<string> Names => _exports.Keys.Order(StringComparer.Ordinal).ToArray();

    public void Add(INbdExport export)
    {
        if (!_exports.TryAdd(export.Name, export))
        {
            throw new ArgumentException($"NBD export '{export.Name}' already exists", nameof(export));
        }
    }

    public bool Remove(string name) => _exports.TryRemove(name, out _);

    public bool TryGetExport(string name, [NotNullWhen(true)] out INbdExport? export) =>
        _exports.TryGetValue(name, out export);
}
