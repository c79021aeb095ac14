namespace Tandem.Cluster.Protocol;

/// <summary>A heartbeat payload that is not a valid <see cref="ClusterPayload"/>.</summary>
public sealed class ClusterPayloadException(string message) : Exception(message);
