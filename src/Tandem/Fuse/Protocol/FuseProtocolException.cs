namespace Tandem.Fuse.Protocol;

/// <summary>A request from /dev/fuse that does not follow fuse.h: bad length, short body, unterminated name.</summary>
public sealed class FuseProtocolException(string message) : Exception(message);
