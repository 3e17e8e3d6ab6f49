# Convenience targets; the scripts they call are the interface (see README.md).
.PHONY: demo test

demo:
	./hack/sandbox.sh

test:
	./hack/test.sh
