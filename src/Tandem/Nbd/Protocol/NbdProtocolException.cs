namespace Tandem.Nbd.Protocol;

/// <summary>A frame that violates the NBD protocol (bad magic, oversized length, malformed data).</summary>
public sealed class NbdProtocolException(string message) : IOException(message);
