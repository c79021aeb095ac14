namespace Tandem.Metadata;

/// <summary>Where the metadata lives (DRBD's meta-disk internal / external). Values are stored on disk.</summary>
public enum MetaKind : byte
{
    /// <summary>At the end of the backing disk; the data region starts at offset 0.</summary>
    Internal = 1,

    /// <summary>In a separate file or device; the data region is the whole backing disk.</summary>
    External = 2,
}
