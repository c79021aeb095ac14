using Tandem.Storage;

namespace Tandem.Nbd;

/// <summary>One export served over NBD: a name, a description and the block target behind it.</summary>
public interface INbdExport
{
    string Name { get; }

    /// <summary>Human-readable text for NBD_INFO_DESCRIPTION and NBD_OPT_LIST; may be empty.</summary>
    string Description { get; }

    /// <summary>
    /// The block store. It decides what is allowed (for example it throws
    /// <see cref="BlockIoException"/> with EPERM while the volume is Secondary); the server only reports it.
    /// </summary>
    IBlockTarget Target { get; }

    /// <summary>Advertise NBD_FLAG_READ_ONLY and refuse writes with EPERM without calling the target.</summary>
    bool ReadOnly { get; }
}
