namespace Tandem.Replication.Protocol;

/// <summary>
/// A replication frame that violates the wire format: bad magic or header checksum, unknown packet type,
/// undefined flags, a length out of bounds, a field with an impossible value. The connection must be closed.
/// </summary>
public sealed class ReplicationProtocolException(string message) : IOException(message);
