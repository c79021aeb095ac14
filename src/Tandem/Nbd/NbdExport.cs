using Tandem.Storage;

namespace Tandem.Nbd;

/// <summary>A plain export record.</summary>
public sealed record NbdExport(string Name, IBlockTarget Target, string Description = "", bool ReadOnly = false) : INbdExport;
