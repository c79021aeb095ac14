using System.Diagnostics.CodeAnalysis;

namespace Tandem.Nbd;

/// <summary>Where the NBD server looks up exports by name. Must be thread-safe.</summary>
public interface INbdExportProvider
{
    bool TryGetExport(string name, [NotNullWhen(true)] out INbdExport? export);

    /// <summary>Names of the exports, for NBD_OPT_LIST and for the default ("") export.</summary>
    IEnumerable<string> Names { get; }
}
