namespace Tandem.Heartbeat;

/// <summary>The cluster key file cannot be used; the message says what to do (one line).</summary>
public sealed class AuthKeyException(string message) : InvalidOperationException(message);
