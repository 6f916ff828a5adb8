"""The author's profile: where it is found, how it is read, and what it yields.

`discovery` picks the profile for a draft (`--profile`, the environment, the nearest
`.postcheck.yaml`, the user's own, the default); `loading` reads and checks it; `phrases`
derives how a post refers to the author's function, department and organisation;
`platforms` measures a draft's length as each platform counts it. Used by `engine`.
"""
