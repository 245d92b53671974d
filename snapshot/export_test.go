package snapshot

// SetMaxFileSize sets the size bound of Read and Write for a test, and
// returns the function that restores it.
func SetMaxFileSize(n int) func() {
	old := maxFileSize
	maxFileSize = n
	return func() { maxFileSize = old }
}
