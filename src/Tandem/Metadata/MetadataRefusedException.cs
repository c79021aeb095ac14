namespace Tandem.Metadata;

/// <summary>
/// An operation on metadata was refused before anything was written: the message says what was
/// found and how to proceed (it is meant to be shown to the operator as is).
/// </summary>
public class MetadataRefusedException(string message) : Exception(message);

/// <summary>The metadata is held by another process (a running daemon, or another create-md).</summary>
public sealed class MetadataInUseException(string message) : MetadataRefusedException(message);
