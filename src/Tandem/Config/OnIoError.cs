namespace Tandem.Config;

/// <summary>What a volume does when its backing disk fails an I/O (drbd.conf <c>on-io-error</c>).</summary>
public enum OnIoError
{
    /// <summary>"detach": drop the local disk and go on diskless, serving I/O from the peer.</summary>
    Detach,
    /// <summary>"pass_on": report the error to the layer above (the file system) and keep the disk.</summary>
    PassOn,
}
