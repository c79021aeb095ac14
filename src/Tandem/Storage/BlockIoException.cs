namespace Tandem.Storage;

/// <summary>A refused or failed block request, carrying the Linux errno a front end reports.</summary>
public sealed class BlockIoException(int errno, string message) : IOException(message)
{
    public int Errno { get; } = errno;
}
