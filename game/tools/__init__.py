"""Author tools: check, walk, graph, schema, replay, new-branch. They never import the Textual UI."""
