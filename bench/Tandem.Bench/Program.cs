Console.Error.WriteLine("bench: not yet written"); return 2;
