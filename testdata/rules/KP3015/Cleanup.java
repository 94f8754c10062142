package fixtures;

// Another file of the code base clears Holders.SHARED after each task.
class Cleanup {
    void afterTask() {
        Holders.SHARED.remove(); // ok
    }
}
